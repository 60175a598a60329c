using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Fusion;

/// <summary>
/// The scalar primitives of fused elementwise kernels, for a <see cref="Vector{T}"/> of lanes and for one element,
/// in float32 and float64. Generated loops call these by the same name in their vector body and scalar tail.
/// </summary>
/// <remarks>
/// Float32 exp, log and tanh are inlinable polynomial/rational approximations (a few ulp; <c>Vector.Exp</c> was seen
/// not to inline in hot fused loops). Float64 keeps the accuracy of <see cref="Math"/>: transcendental functions go
/// lane by lane, so fused float64 code matches op-by-op results to the last digit or two.
/// </remarks>
public static class FusedMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Exp<T>(Vector<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return (Vector<T>)(object)ExpF((Vector<float>)(object)x);
        }

        return Lanes(x, static v => T.Exp(v));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Exp<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => T.Exp(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Log<T>(Vector<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Lanes(x, static v => T.Log(v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Log<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => T.Log(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Tanh<T>(Vector<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return (Vector<T>)(object)TanhF((Vector<float>)(object)x);
        }

        return Lanes(x, static v => T.Tanh(v));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Tanh<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => T.Tanh(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Sigmoid<T>(Vector<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector<T>.One / (Vector<T>.One + Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sigmoid<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Relu<T>(Vector<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector.Max(x, Vector<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Relu<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => x > T.Zero ? x : T.Zero;

    /// <summary>The adjoint through Relu: <paramref name="adjoint"/> where x &gt; 0, else 0 (PyTorch's convention at 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> ReluGrad<T>(Vector<T> x, Vector<T> adjoint)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<T>.Zero), adjoint, Vector<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ReluGrad<T>(T x, T adjoint)
        where T : unmanaged, IFloatingPointIeee754<T> => x > T.Zero ? adjoint : T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Sqrt<T>(Vector<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector.SquareRoot(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sqrt<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => T.Sqrt(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Abs<T>(Vector<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector.Abs(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Abs<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => T.Abs(x);

    /// <summary>-1, 0 or 1 (0 at 0, as torch.sign), used by the adjoint of Abs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Sign<T>(Vector<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<T>.Zero), Vector<T>.One, Vector<T>.Zero)
        - Vector.ConditionalSelect(Vector.LessThan(x, Vector<T>.Zero), Vector<T>.One, Vector<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sign<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => x > T.Zero ? T.One : x < T.Zero ? -T.One : T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Sin<T>(Vector<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Lanes(x, static v => T.Sin(v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sin<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => T.Sin(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Cos<T>(Vector<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Lanes(x, static v => T.Cos(v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Cos<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => T.Cos(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Pow<T>(Vector<T> x, Vector<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> a = stackalloc T[Vector<T>.Count];
        Span<T> b = stackalloc T[Vector<T>.Count];
        x.CopyTo(a);
        y.CopyTo(b);
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = Pow(a[i], b[i]);
        }

        return new Vector<T>(a);
    }

    /// <summary>x to the power y; squares and cubes multiply, which is exact and fast (the usual exponents).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Pow<T>(T x, T y)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        y == T.One ? x : y == T.CreateTruncating(2) ? x * x : y == T.CreateTruncating(3) ? x * x * x : T.Pow(x, y);

    /// <summary>Loads a vector from an operand: full-size operands have stride 1, one-element operands stride 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Load<T>(ref T data, int stride, int index)
        where T : unmanaged => stride == 0 ? new Vector<T>(data) : Vector.LoadUnsafe(ref data, (nuint)index);

    /// <summary>Loads one element of an operand (see <see cref="Load{T}(ref T, int, int)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Element<T>(ref T data, int stride, int index)
        where T : unmanaged => Unsafe.Add(ref data, index * stride);

    private static Vector<T> Lanes<T>(Vector<T> x, Func<T, T> f)
        where T : unmanaged
    {
        Span<T> lanes = stackalloc T[Vector<T>.Count];
        x.CopyTo(lanes);
        for (var i = 0; i < lanes.Length; i++)
        {
            lanes[i] = f(lanes[i]);
        }

        return new Vector<T>(lanes);
    }

    // exp(x) = 2^n · exp(r), r = x − n·ln2 in [−ln2/2, ln2/2], exp(r) by a degree-6 polynomial (Cephes expf).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> ExpF(Vector<float> x)
    {
        x = Vector.Min(Vector.Max(x, new Vector<float>(-87.33655f)), new Vector<float>(88.72283f));
        var n = Vector.Floor((x * new Vector<float>(1.44269504088896341f)) + new Vector<float>(0.5f));
        var r = x - (n * new Vector<float>(0.693359375f)) + (n * new Vector<float>(2.12194440e-4f));
        var p = new Vector<float>(1.9875691500e-4f);
        p = (p * r) + new Vector<float>(1.3981999507e-3f);
        p = (p * r) + new Vector<float>(8.3334519073e-3f);
        p = (p * r) + new Vector<float>(4.1665795894e-2f);
        p = (p * r) + new Vector<float>(1.6666665459e-1f);
        p = (p * r) + new Vector<float>(5.0000001201e-1f);
        p = (p * r * r) + r + Vector<float>.One;
        var scale = Vector.ShiftLeft(Vector.ConvertToInt32(n) + new Vector<int>(127), 23).As<int, float>();
        return p * scale;
    }

    // tanh by Eigen's rational approximation (odd degree 13 over even degree 6), clamped where tanh is ±1 in float.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> TanhF(Vector<float> x)
    {
        var clamped = Vector.Min(Vector.Max(x, new Vector<float>(-7.90531110763549805f)), new Vector<float>(7.90531110763549805f));
        var x2 = clamped * clamped;
        var p = new Vector<float>(-2.76076847742355e-16f);
        p = (p * x2) + new Vector<float>(2.00018790482477e-13f);
        p = (p * x2) + new Vector<float>(-8.60467152213735e-11f);
        p = (p * x2) + new Vector<float>(5.12229709037114e-08f);
        p = (p * x2) + new Vector<float>(1.48572235717979e-05f);
        p = (p * x2) + new Vector<float>(6.37261928875436e-04f);
        p = (p * x2) + new Vector<float>(4.89352455891786e-03f);
        p *= clamped;
        var q = new Vector<float>(1.19825839466702e-06f);
        q = (q * x2) + new Vector<float>(1.18534705686654e-04f);
        q = (q * x2) + new Vector<float>(2.26843463243900e-03f);
        q = (q * x2) + new Vector<float>(4.89352518554385e-03f);
        var small = Vector.LessThan(Vector.Abs(x), new Vector<float>(0.0004f));
        return Vector.ConditionalSelect(small, x, p / q);
    }
}

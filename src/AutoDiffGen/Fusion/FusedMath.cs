using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Fusion;

/// <summary>
/// The scalar primitives of fused elementwise kernels, for a <see cref="Vector{T}"/> of lanes and for one element,
/// in float32 and float64. Generated loops call these by the same name in their vector body and scalar tail.
/// </summary>
/// <remarks>
/// Float32 exp and tanh (and sigmoid, through exp) are inlinable polynomial/rational approximations with fused
/// multiply-adds: at most 2.5e-7 (tanh), 0.8e-7 (exp) and 1.4e-7 (sigmoid) relative error, measured over their float
/// range (FusedMathTests checks 1e-6). <c>Vector.Exp</c> was seen not to inline in hot fused loops. Float32 log, sin
/// and cos, and every float64 transcendental, go lane by lane through <see cref="Math"/>, so fused float64 code
/// matches op-by-op results to the last digit or two.
/// The <see cref="System.Runtime.Intrinsics.Vector512{T}"/> overloads are in FusedMath.Wide.cs.
/// </remarks>
public static partial class FusedMath
{
    // Cephes expf: exp(x) = 2^n · exp(r), r = x − n·ln2 (ln2 in two parts), exp(r) by a degree-6 polynomial; the
    // input is clamped where float exp overflows or flushes to zero.
    private const float ExpLow = -87.33655f;
    private const float ExpHigh = 88.72283f;
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = 2.12194440e-4f;
    private const float ExpP0 = 1.9875691500e-4f;
    private const float ExpP1 = 1.3981999507e-3f;
    private const float ExpP2 = 8.3334519073e-3f;
    private const float ExpP3 = 4.1665795894e-2f;
    private const float ExpP4 = 1.6666665459e-1f;
    private const float ExpP5 = 5.0000001201e-1f;

    // Eigen's float tanh: x times an even degree-12 polynomial over an even degree-6 one, clamped where tanh is ±1
    // in float. Eigen returns x itself below |x| = 0.0004; dividing before multiplying by x keeps tiny and subnormal
    // x exact to 1.3e-7 without that select, which took 7% of the fused tanh chain's backward loop.
    private const float TanhClamp = 7.90531110763549805f;
    private const float TanhP0 = -2.76076847742355e-16f;
    private const float TanhP1 = 2.00018790482477e-13f;
    private const float TanhP2 = -8.60467152213735e-11f;
    private const float TanhP3 = 5.12229709037114e-08f;
    private const float TanhP4 = 1.48572235717979e-05f;
    private const float TanhP5 = 6.37261928875436e-04f;
    private const float TanhP6 = 4.89352455891786e-03f;
    private const float TanhQ0 = 1.19825839466702e-06f;
    private const float TanhQ1 = 1.18534705686654e-04f;
    private const float TanhQ2 = 2.26843463243900e-03f;
    private const float TanhQ3 = 4.89352518554385e-03f;

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

    /// <summary>
    /// Loads a vector from an operand at <c>index &amp; mask</c> (<see cref="FusedOperand{T}.Mask"/>): full-size
    /// operands at the index, one-value operands from the copies at their start.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Load<T>(ref T data, int mask, int index)
        where T : unmanaged => Vector.LoadUnsafe(ref data, (nuint)(uint)(index & mask));

    /// <summary>Loads one element of an operand (see <see cref="Load{T}(ref T, int, int)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Element<T>(ref T data, int mask, int index)
        where T : unmanaged => Unsafe.Add(ref data, (nuint)(uint)(index & mask));

    /// <summary>
    /// a·b + c, fused where the hardware has FMA (the generator contracts a product that feeds one sum into this):
    /// one rounding instead of two, so fused results can differ from op-by-op ones in the last bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> MultiplyAdd<T>(Vector<T> a, Vector<T> b, Vector<T> c)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? Vector.MultiplyAddEstimate(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>()
        : typeof(T) == typeof(double) ? Vector.MultiplyAddEstimate(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>()
        : (a * b) + c;

    /// <summary>a·b + c for one element (see <see cref="MultiplyAdd{T}(Vector{T}, Vector{T}, Vector{T})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MultiplyAdd<T>(T a, T b, T c)
        where T : unmanaged, IFloatingPointIeee754<T> => T.MultiplyAddEstimate(a, b, c);

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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> ExpF(Vector<float> x)
    {
        x = Vector.Min(Vector.Max(x, new Vector<float>(ExpLow)), new Vector<float>(ExpHigh));
        var n = Vector.Floor(Vector.MultiplyAddEstimate(x, new Vector<float>(Log2E), new Vector<float>(0.5f)));
        var r = Vector.MultiplyAddEstimate(n, new Vector<float>(Ln2Low), Vector.MultiplyAddEstimate(n, new Vector<float>(-Ln2High), x));
        var p = new Vector<float>(ExpP0);
        p = Vector.MultiplyAddEstimate(p, r, new Vector<float>(ExpP1));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<float>(ExpP2));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<float>(ExpP3));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<float>(ExpP4));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<float>(ExpP5));
        p = Vector.MultiplyAddEstimate(p * r, r, r) + Vector<float>.One;
        var scale = Vector.ShiftLeft(Vector.ConvertToInt32(n) + new Vector<int>(127), 23).As<int, float>();
        return p * scale;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> TanhF(Vector<float> x)
    {
        var clamped = Vector.Min(Vector.Max(x, new Vector<float>(-TanhClamp)), new Vector<float>(TanhClamp));
        var x2 = clamped * clamped;
        var p = new Vector<float>(TanhP0);
        p = Vector.MultiplyAddEstimate(p, x2, new Vector<float>(TanhP1));
        p = Vector.MultiplyAddEstimate(p, x2, new Vector<float>(TanhP2));
        p = Vector.MultiplyAddEstimate(p, x2, new Vector<float>(TanhP3));
        p = Vector.MultiplyAddEstimate(p, x2, new Vector<float>(TanhP4));
        p = Vector.MultiplyAddEstimate(p, x2, new Vector<float>(TanhP5));
        p = Vector.MultiplyAddEstimate(p, x2, new Vector<float>(TanhP6));
        var q = new Vector<float>(TanhQ0);
        q = Vector.MultiplyAddEstimate(q, x2, new Vector<float>(TanhQ1));
        q = Vector.MultiplyAddEstimate(q, x2, new Vector<float>(TanhQ2));
        q = Vector.MultiplyAddEstimate(q, x2, new Vector<float>(TanhQ3));
        return clamped * (p / q);
    }
}

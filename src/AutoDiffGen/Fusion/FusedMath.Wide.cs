using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Fusion;

/// <summary>
/// The primitives of fused loops over <see cref="Vector512{T}"/> lanes: generated loops run their main body on these
/// when <see cref="Vector512.IsHardwareAccelerated"/> (AVX-512), then finish with <see cref="Vector{T}"/> lanes and
/// one element at a time.
/// </summary>
/// <remarks>
/// <see cref="Vector{T}"/> stays 256-bit on AVX-512 hardware unless the process opts in, and at 256 bits the fused
/// tanh chain was compute-bound: on a 2-core Zen 4 the 512-bit loop ran the backward pass in 4.3 ms instead of 7.1 ms
/// (16M float32, the same polynomial), at the memory speed of the data it reads. The float32 kernels are the same as
/// the <see cref="Vector{T}"/> ones; float64 goes lane by lane through <see cref="Math"/> for its accuracy.
/// </remarks>
public static partial class FusedMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp<T>(Vector512<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? ExpF(x.As<T, float>()).As<float, T>() : Lanes(x, static v => T.Exp(v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Log<T>(Vector512<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Lanes(x, static v => T.Log(v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Tanh<T>(Vector512<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? TanhF(x.As<T, float>()).As<float, T>() : Lanes(x, static v => T.Tanh(v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sigmoid<T>(Vector512<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector512<T>.One / (Vector512<T>.One + Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Relu<T>(Vector512<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector512.Max(x, Vector512<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ReluGrad<T>(Vector512<T> x, Vector512<T> adjoint)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), adjoint, Vector512<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sqrt<T>(Vector512<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector512.Sqrt(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Abs<T>(Vector512<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector512.Abs(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sign<T>(Vector512<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero), Vector512<T>.One, Vector512<T>.Zero)
        - Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<T>.Zero), Vector512<T>.One, Vector512<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sin<T>(Vector512<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Lanes(x, static v => T.Sin(v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Cos<T>(Vector512<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> => Lanes(x, static v => T.Cos(v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Pow<T>(Vector512<T> x, Vector512<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> a = stackalloc T[Vector512<T>.Count];
        Span<T> b = stackalloc T[Vector512<T>.Count];
        x.CopyTo(a);
        y.CopyTo(b);
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = Pow(a[i], b[i]);
        }

        return Vector512.Create<T>(a);
    }

    /// <summary>Loads 512 bits of an operand at <c>index &amp; mask</c> (see <see cref="Load{T}(ref T, int, int)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load512<T>(ref T data, int mask, int index)
        where T : unmanaged => Vector512.LoadUnsafe(ref data, (nuint)(uint)(index & mask));

    /// <summary>a·b + c over 512-bit lanes (see <see cref="MultiplyAdd{T}(Vector{T}, Vector{T}, Vector{T})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? Vector512.MultiplyAddEstimate(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>()
        : typeof(T) == typeof(double) ? Vector512.MultiplyAddEstimate(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>()
        : (a * b) + c;

    private static Vector512<T> Lanes<T>(Vector512<T> x, Func<T, T> f)
        where T : unmanaged
    {
        Span<T> lanes = stackalloc T[Vector512<T>.Count];
        x.CopyTo(lanes);
        for (var i = 0; i < lanes.Length; i++)
        {
            lanes[i] = f(lanes[i]);
        }

        return Vector512.Create<T>(lanes);
    }

    // The same polynomial as ExpF(Vector<float>).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ExpF(Vector512<float> x)
    {
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(ExpLow)), Vector512.Create(ExpHigh));
        var n = Vector512.Floor(Vector512.MultiplyAddEstimate(x, Vector512.Create(Log2E), Vector512.Create(0.5f)));
        var r = Vector512.MultiplyAddEstimate(n, Vector512.Create(Ln2Low), Vector512.MultiplyAddEstimate(n, Vector512.Create(-Ln2High), x));
        var p = Vector512.Create(ExpP0);
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(ExpP1));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(ExpP2));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(ExpP3));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(ExpP4));
        p = Vector512.MultiplyAddEstimate(p, r, Vector512.Create(ExpP5));
        p = Vector512.MultiplyAddEstimate(p * r, r, r) + Vector512<float>.One;
        var scale = Vector512.ShiftLeft(Vector512.ConvertToInt32(n) + Vector512.Create(127), 23).As<int, float>();
        return p * scale;
    }

    // The same rational function as TanhF(Vector<float>).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> TanhF(Vector512<float> x)
    {
        var clamped = Vector512.Min(Vector512.Max(x, Vector512.Create(-TanhClamp)), Vector512.Create(TanhClamp));
        var x2 = clamped * clamped;
        var p = Vector512.Create(TanhP0);
        p = Vector512.MultiplyAddEstimate(p, x2, Vector512.Create(TanhP1));
        p = Vector512.MultiplyAddEstimate(p, x2, Vector512.Create(TanhP2));
        p = Vector512.MultiplyAddEstimate(p, x2, Vector512.Create(TanhP3));
        p = Vector512.MultiplyAddEstimate(p, x2, Vector512.Create(TanhP4));
        p = Vector512.MultiplyAddEstimate(p, x2, Vector512.Create(TanhP5));
        p = Vector512.MultiplyAddEstimate(p, x2, Vector512.Create(TanhP6));
        var q = Vector512.Create(TanhQ0);
        q = Vector512.MultiplyAddEstimate(q, x2, Vector512.Create(TanhQ1));
        q = Vector512.MultiplyAddEstimate(q, x2, Vector512.Create(TanhQ2));
        q = Vector512.MultiplyAddEstimate(q, x2, Vector512.Create(TanhQ3));
        return clamped * (p / q);
    }
}

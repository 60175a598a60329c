using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// GELU on the CPU (exact, through <see cref="Erf"/>, or PyTorch's tanh approximation) and the error function
/// itself, which .NET does not provide. Values are computed in double and rounded once.
/// </summary>
internal static class ActivationKernels
{
    private const double InvSqrt2 = 0.70710678118654752440;
    private const double InvSqrt2Pi = 0.39894228040143267794;

    /// <summary>√(2/π), the tanh approximation's scale.</summary>
    private const double TanhScale = 0.79788456080286535588;
    private const double TanhCubic = 0.044715;

    private const int ParallelElements = 1 << 16;

    /// <summary>y = x·Φ(x) (exact) or 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).</summary>
    public static unsafe void GeluForward<T>(ReadOnlySpan<T> x, Span<T> y, bool tanh)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* px = x, py = y)
        {
            Gelu(px, null, py, x.Length, tanh);
        }
    }

    /// <summary>gx = gy · GELU'(x): Φ(x) + x·φ(x) for the exact form, the tanh form's derivative otherwise.</summary>
    public static unsafe void GeluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gy, Span<T> gx, bool tanh)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* px = x, pg = gy, pgx = gx)
        {
            Gelu(px, pg, pgx, x.Length, tanh);
        }
    }

    /// <summary>GELU (gy null) or its adjoint over n elements, in chunks on the kernel helpers for long spans.</summary>
    private static unsafe void Gelu<T>(T* x, T* gy, T* y, int n, bool tanh)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var job = new GeluJob<T> { X = x, GY = gy, Y = y, Count = n, Tanh = tanh };
        Workers.Run(ref job, (n + ParallelElements - 1) / ParallelElements, split: n >= ParallelElements);
    }

    /// <summary>GELU's value for one element (the exact form or the tanh approximation).</summary>
    private static double GeluValue(double v, bool tanh) =>
        tanh ? 0.5 * v * (1 + Math.Tanh(TanhScale * (v + (TanhCubic * v * v * v)))) : v * 0.5 * (1 + Erf(v * InvSqrt2));

    /// <summary>GELU's derivative at one element.</summary>
    private static double GeluDerivative(double v, bool tanh)
    {
        if (!tanh)
        {
            return (0.5 * (1 + Erf(v * InvSqrt2))) + (v * InvSqrt2Pi * Math.Exp(-0.5 * v * v));
        }

        var t = Math.Tanh(TanhScale * (v + (TanhCubic * v * v * v)));
        return (0.5 * (1 + t)) + (0.5 * v * (1 - (t * t)) * TanhScale * (1 + (3 * TanhCubic * v * v)));
    }

    /// <summary>
    /// gx = x &gt; 0 ? gy : gy·0 in one pass: exactly what <c>gy * x.Gt(0).To(dtype)</c> computes (a NaN or ±∞
    /// adjoint where x ≤ 0 stays NaN, a negative one gives −0), without the mask and cast tensors.
    /// </summary>
    public static void ReluBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gy, Span<T> gx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var xr = ref MemoryMarshal.GetReference(x);
            ref var gr = ref MemoryMarshal.GetReference(gy);
            ref var dr = ref MemoryMarshal.GetReference(gx);
            for (; i + Vector256<T>.Count <= x.Length; i += Vector256<T>.Count)
            {
                var g = Vector256.LoadUnsafe(ref gr, (nuint)i);
                var positive = Vector256.GreaterThan(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256<T>.Zero);
                Vector256.ConditionalSelect(positive, g, g * Vector256<T>.Zero).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            gx[i] = x[i] > T.Zero ? gy[i] : gy[i] * T.Zero;
        }
    }

    /// <summary>
    /// The error function to within an ulp or two (fdlibm's s_erf.c: rational approximations on [0, 0.84375),
    /// [0.84375, 1.25), [1.25, 1/0.35), [1/0.35, 6), and ±1 beyond).
    /// </summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        var ax = Math.Abs(x);
        if (ax < 0.84375)
        {
            if (ax < 3.7252902984e-09)
            {
                return x + (1.28379167095512586316e-01 * x);
            }

            var z = x * x;
            var r = 1.28379167095512558561e-01 + (z * (-3.25042107247001499370e-01 + (z * (-2.84817495755985104766e-02 + (z * (-5.77027029648944159157e-03 + (z * -2.37630166566501626084e-05)))))));
            var s = 1 + (z * (3.97917223959155352819e-01 + (z * (6.50222499887672944485e-02 + (z * (5.08130628187576562776e-03 + (z * (1.32494738004321644526e-04 + (z * -3.96022827877536812320e-06)))))))));
            return x + (x * (r / s));
        }

        if (ax < 1.25)
        {
            var s = ax - 1;
            var p = -2.36211856075265944077e-03 + (s * (4.14856118683748331666e-01 + (s * (-3.72207876035701323847e-01 + (s * (3.18346619901161753674e-01 + (s * (-1.10894694282396677476e-01 + (s * (3.54783043256182359371e-02 + (s * -2.16637559486879084300e-03)))))))))));
            var q = 1 + (s * (1.06420880400844228286e-01 + (s * (5.40397917702171048937e-01 + (s * (7.18286544141962662868e-02 + (s * (1.26171219808761642112e-01 + (s * (1.36370839120290507362e-02 + (s * 1.19844998467991074170e-02)))))))))));
            const double Erx = 8.45062911510467529297e-01;
            return x >= 0 ? Erx + (p / q) : -Erx - (p / q);
        }

        if (ax >= 6)
        {
            return x >= 0 ? 1 : -1;
        }

        var t = 1 / (ax * ax);
        double rr, ss;
        if (ax < 1 / 0.35)
        {
            rr = -9.86494403484714822705e-03 + (t * (-6.93858572707181764372e-01 + (t * (-1.05586262253232909814e+01 + (t * (-6.23753324503260060396e+01 + (t * (-1.62396669462573470355e+02 + (t * (-1.84605092906711035994e+02 + (t * (-8.12874355063065934246e+01 + (t * -9.81432934416914548592e+00)))))))))))));
            ss = 1 + (t * (1.96512716674392571292e+01 + (t * (1.37657754143519042600e+02 + (t * (4.34565877475229228821e+02 + (t * (6.45387271733267880336e+02 + (t * (4.29008140027567833386e+02 + (t * (1.08635005541779435134e+02 + (t * (6.57024977031928170135e+00 + (t * -6.04244152148580987438e-02)))))))))))))));
        }
        else
        {
            rr = -9.86494292470009928597e-03 + (t * (-7.99283237680523006574e-01 + (t * (-1.77579549177547519889e+01 + (t * (-1.60636384855821916062e+02 + (t * (-6.37566443368389627722e+02 + (t * (-1.02509513161107724954e+03 + (t * -4.83519191608651397019e+02)))))))))));
            ss = 1 + (t * (3.03380607434824582924e+01 + (t * (3.25792512996573918826e+02 + (t * (1.53672958608443695994e+03 + (t * (3.19985821950859553908e+03 + (t * (2.55305040643316442583e+03 + (t * (4.74528541206955367215e+02 + (t * -2.24409524465858183362e+01)))))))))))));
        }

        // exp(−x² − 0.5625 + R/S) split as fdlibm does: z keeps the high word of |x|, so z² is exact.
        var zz = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(ax) & unchecked((long)0xffffffff00000000));
        var e = Math.Exp((-zz * zz) - 0.5625) * Math.Exp(((zz - ax) * (zz + ax)) + (rr / ss));
        return x >= 0 ? 1 - (e / ax) : (e / ax) - 1;
    }

    /// <summary>One chunk of GELU (GY null) or of its adjoint: elements [piece·ParallelElements, …) of Count.</summary>
    private unsafe struct GeluJob<T> : IWorkPieces
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* X;
        public T* GY;
        public T* Y;
        public int Count;
        public bool Tanh;

        public readonly void Run(int piece)
        {
            var end = Math.Min(Count, (piece + 1) * ParallelElements);
            for (var i = piece * ParallelElements; i < end; i++)
            {
                var v = double.CreateTruncating(X[i]);
                Y[i] = T.CreateTruncating(GY is null ? GeluValue(v, Tanh) : GeluDerivative(v, Tanh) * double.CreateTruncating(GY[i]));
            }
        }
    }
}

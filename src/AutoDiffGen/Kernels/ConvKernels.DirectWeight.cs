using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The weight's adjoint of a stride-1 convolution without im2col: on the padded-width grid of
/// ConvKernels.Direct.cs, the column-matrix row of tap (c, i, j) is the padded input shifted by c·plane + i·Wp + j,
/// so gw[o, tap] = Σ gy'[o, ·] · xp[shift(tap) + ·], a dot product of two contiguous rows, where gy' is the output's
/// adjoint spread onto the padded width with zeros in the discarded columns. A register block holds 4 output
/// channels × 4 taps (4 + 4 loads feed 16 FMAs); its vector sums are added to a per-chunk vector accumulator, and
/// each weight element is reduced across lanes once per chunk, in a fixed order.
/// </summary>
internal static unsafe partial class ConvKernels
{
    /// <summary>Output channels and taps per register block of the weight's adjoint.</summary>
    private const int WeightBlock = 4;

    /// <summary>Length of a row of gy' and of the dot products: OH rows of the padded width, in whole vectors.</summary>
    private static int WeightPositions<T>(ConvGeometry g)
        where T : unmanaged
    {
        var vl = Vector512<T>.Count;
        return ((g.OH * (g.W + (2 * g.PW))) + vl - 1) / vl * vl;
    }

    private static int RoundUp(int n, int m) => (n + m - 1) / m * m;

    /// <summary>The per-chunk vector accumulator: one vector per (output channel, tap), both rounded up to a block.</summary>
    private static int WeightAccumulatorSize<T>(ConvGeometry g)
        where T : unmanaged => RoundUp(g.O, WeightBlock) * RoundUp(g.Ckk, WeightBlock) * Vector512<T>.Count;

    /// <summary>Scratch for one sample: the padded input (plus the tail the last dot reads) and gy' for every channel block.</summary>
    private static int WeightScratchSize<T>(ConvGeometry g)
        where T : unmanaged
    {
        var positions = WeightPositions<T>(g);
        return (g.C * (g.H + (2 * g.PH)) * (g.W + (2 * g.PW))) + positions + (RoundUp(g.O, WeightBlock) * positions);
    }

    /// <summary>acc[o, tap] += the sample's vector partial sums of gw[o, tap] (acc zeroed by the caller at a chunk's start).</summary>
    private static void DirectWeightSample<T>(T* x, T* gy, T* acc, ConvGeometry g, T* scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int wp = g.W + (2 * g.PW), plane = (g.H + (2 * g.PH)) * wp;
        var positions = WeightPositions<T>(g);
        var xp = scratch;
        var gyv = scratch + ((long)g.C * plane) + positions;
        var outs = RoundUp(g.O, WeightBlock);
        new Span<T>(xp, (g.C * plane) + positions).Clear();
        for (var c = 0; c < g.C; c++)
        {
            for (var r = 0; r < g.H; r++)
            {
                new ReadOnlySpan<T>(x + ((((long)c * g.H) + r) * g.W), g.W)
                    .CopyTo(new Span<T>(xp + ((long)c * plane) + ((r + g.PH) * wp) + g.PW, g.W));
            }
        }

        new Span<T>(gyv, outs * positions).Clear();
        for (var o = 0; o < g.O; o++)
        {
            for (var r = 0; r < g.OH; r++)
            {
                new ReadOnlySpan<T>(gy + ((((long)o * g.OH) + r) * g.OW), g.OW)
                    .CopyTo(new Span<T>(gyv + ((long)o * positions) + ((long)r * wp), g.OW));
            }
        }

        var taps = RoundUp(g.Ckk, WeightBlock);
        var vl = Vector512<T>.Count;
        var offsets = stackalloc int[WeightBlock];
        for (var t0 = 0; t0 < taps; t0 += WeightBlock)
        {
            for (var k = 0; k < WeightBlock; k++)
            {
                // Taps past the last read the first tap's row; their sums land in padding lanes nobody reads.
                var tap = t0 + k < g.Ckk ? t0 + k : 0;
                var (c, ij) = Math.DivRem(tap, g.KH * g.KW);
                var (i, j) = Math.DivRem(ij, g.KW);
                offsets[k] = (c * plane) + (i * wp) + j;
            }

            for (var o0 = 0; o0 < outs; o0 += WeightBlock)
            {
                WeightBlockDots(gyv + ((long)o0 * positions), xp, offsets, positions, acc + ((((long)o0 * taps) + t0) * vl), taps * vl);
            }
        }
    }

    /// <summary>gw[o, tap] = lane sums of the chunk's vector accumulator, for the real channels and taps.</summary>
    private static void ReduceWeight<T>(T* acc, T* gw, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var taps = RoundUp(g.Ckk, WeightBlock);
        var vl = Vector512<T>.Count;
        for (var o = 0; o < g.O; o++)
        {
            for (var t = 0; t < g.Ckk; t++)
            {
                gw[((long)o * g.Ckk) + t] = Vector512.Sum(Vector512.Load(acc + ((((long)o * taps) + t) * vl)));
            }
        }
    }

    /// <summary>
    /// For 4 rows of gy' (<paramref name="positions"/> apart, and that long) and 4 taps: acc[k, t] += Σ over vectors of gy'[k]·xp[offset t];
    /// the accumulator rows are <paramref name="lda"/> apart, taps one vector apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightBlockDots<T>(T* gy, T* xp, int* offsets, int positions, T* acc, int lda)
        where T : unmanaged
    {
        var vl = Vector512<T>.Count;
        var x0 = xp + offsets[0];
        var x1 = xp + offsets[1];
        var x2 = xp + offsets[2];
        var x3 = xp + offsets[3];
        var g1 = gy + positions;
        var g2 = gy + (2L * positions);
        var g3 = gy + (3L * positions);
        Vector512<T> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector512<T> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<T> a20 = default, a21 = default, a22 = default, a23 = default;
        Vector512<T> a30 = default, a31 = default, a32 = default, a33 = default;
        for (var p = 0; p < positions; p += vl)
        {
            var v0 = Vector512.Load(x0 + p);
            var v1 = Vector512.Load(x1 + p);
            var v2 = Vector512.Load(x2 + p);
            var v3 = Vector512.Load(x3 + p);
            var g = Vector512.Load(gy + p);
            a00 = Fma(g, v0, a00);
            a01 = Fma(g, v1, a01);
            a02 = Fma(g, v2, a02);
            a03 = Fma(g, v3, a03);
            g = Vector512.Load(g1 + p);
            a10 = Fma(g, v0, a10);
            a11 = Fma(g, v1, a11);
            a12 = Fma(g, v2, a12);
            a13 = Fma(g, v3, a13);
            g = Vector512.Load(g2 + p);
            a20 = Fma(g, v0, a20);
            a21 = Fma(g, v1, a21);
            a22 = Fma(g, v2, a22);
            a23 = Fma(g, v3, a23);
            g = Vector512.Load(g3 + p);
            a30 = Fma(g, v0, a30);
            a31 = Fma(g, v1, a31);
            a32 = Fma(g, v2, a32);
            a33 = Fma(g, v3, a33);
        }

        AddRow(acc, vl, a00, a01, a02, a03);
        AddRow(acc + lda, vl, a10, a11, a12, a13);
        AddRow(acc + (2L * lda), vl, a20, a21, a22, a23);
        AddRow(acc + (3L * lda), vl, a30, a31, a32, a33);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow<T>(T* acc, int vl, Vector512<T> a, Vector512<T> b, Vector512<T> c, Vector512<T> d)
        where T : unmanaged
    {
        (Vector512.Load(acc) + a).Store(acc);
        (Vector512.Load(acc + vl) + b).Store(acc + vl);
        (Vector512.Load(acc + (2 * vl)) + c).Store(acc + (2 * vl));
        (Vector512.Load(acc + (3 * vl)) + d).Store(acc + (3 * vl));
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The weight's adjoint of a stride-1 convolution without im2col: on the padded-width grid of
/// ConvKernels.Direct.cs, the column-matrix row of tap (c, i, j) is the padded input shifted by c·plane + i·Wp + j,
/// so gw[o, tap] = Σ gy'[o, ·] · xp[shift(tap) + ·], a dot product of two contiguous rows, where gy' is the output's
/// adjoint spread onto the padded width with zeros in the discarded columns. A register block holds 4 output
/// channels × 4 taps (4 + 4 loads feed 16 FMAs) and runs over a batch of up to <see cref="WeightBatch"/> samples
/// before its lanes are summed, in a fixed order, and written (or added, for later batches of a chunk).
/// </summary>
internal static unsafe partial class ConvKernels
{
    /// <summary>Output channels and taps per register block of the weight's adjoint.</summary>
    private const int WeightBlock = 4;

    /// <summary>Samples prepared at once (padded input and spread adjoint each) for the weight's adjoint.</summary>
    private const int WeightBatch = 8;

    /// <summary>Length of a row of gy' and of the dot products: OH rows of the padded width, in whole vectors.</summary>
    private static int WeightPositions<T>(ConvGeometry g)
        where T : unmanaged
    {
        var vl = Vector512<T>.Count;
        return ((g.OH * (g.W + (2 * g.PW))) + vl - 1) / vl * vl;
    }

    private static int RoundUp(int n, int m) => (n + m - 1) / m * m;

    /// <summary>Scratch for one sample: the padded input (plus the tail the last dot reads) and gy' for every channel block.</summary>
    /// <remarks>A batch needs <see cref="WeightBatch"/> times this.</remarks>
    private static int WeightScratchSize<T>(ConvGeometry g)
        where T : unmanaged
    {
        var positions = WeightPositions<T>(g);
        return (g.C * (g.H + (2 * g.PH)) * (g.W + (2 * g.PW))) + positions + (RoundUp(g.O, WeightBlock) * positions);
    }

    /// <summary>
    /// gw (=, or += when <paramref name="accumulate"/>) the weight's adjoint from samples [0, count) of x and gy
    /// (count ≤ <see cref="WeightBatch"/>), each prepared in its own slice of <paramref name="scratch"/>.
    /// </summary>
    private static void DirectWeightBatch<T>(T* x, T* gy, int count, T* gw, bool accumulate, ConvGeometry g, T* scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int wp = g.W + (2 * g.PW), plane = (g.H + (2 * g.PH)) * wp;
        var positions = WeightPositions<T>(g);
        var outs = RoundUp(g.O, WeightBlock);
        var stride = WeightScratchSize<T>(g);
        for (var s = 0; s < count; s++)
        {
            var xp = scratch + ((long)s * stride);
            var gyv = xp + ((long)g.C * plane) + positions;
            var xs = x + ((long)s * g.C * g.H * g.W);
            var gys = gy + ((long)s * g.O * g.P);
            new Span<T>(xp, stride).Clear();
            for (var c = 0; c < g.C; c++)
            {
                for (var r = 0; r < g.H; r++)
                {
                    new ReadOnlySpan<T>(xs + ((((long)c * g.H) + r) * g.W), g.W)
                        .CopyTo(new Span<T>(xp + ((long)c * plane) + ((r + g.PH) * wp) + g.PW, g.W));
                }
            }

            for (var o = 0; o < g.O; o++)
            {
                for (var r = 0; r < g.OH; r++)
                {
                    new ReadOnlySpan<T>(gys + ((((long)o * g.OH) + r) * g.OW), g.OW)
                        .CopyTo(new Span<T>(gyv + ((long)o * positions) + ((long)r * wp), g.OW));
                }
            }
        }

        var offsets = stackalloc int[WeightBlock];
        var sums = stackalloc T[WeightBlock * WeightBlock];
        for (var t0 = 0; t0 < g.Ckk; t0 += WeightBlock)
        {
            for (var k = 0; k < WeightBlock; k++)
            {
                // Taps past the last read the first tap's row; their sums are dropped.
                var tap = t0 + k < g.Ckk ? t0 + k : 0;
                var (c, ij) = Math.DivRem(tap, g.KH * g.KW);
                var (i, j) = Math.DivRem(ij, g.KW);
                offsets[k] = (c * plane) + (i * wp) + j;
            }

            for (var o0 = 0; o0 < outs; o0 += WeightBlock)
            {
                var gyv = scratch + ((long)g.C * plane) + positions + ((long)o0 * positions);
                WeightBlockDots(gyv, scratch, offsets, positions, count, stride, sums);
                for (var k = 0; k < WeightBlock && o0 + k < g.O; k++)
                {
                    for (var t = 0; t < WeightBlock && t0 + t < g.Ckk; t++)
                    {
                        ref var w = ref gw[((long)(o0 + k) * g.Ckk) + t0 + t];
                        w = accumulate ? w + sums[(k * WeightBlock) + t] : sums[(k * WeightBlock) + t];
                    }
                }
            }
        }
    }

    /// <summary>
    /// For 4 rows of gy' (<paramref name="positions"/> apart, and that long) and 4 taps: sums[k·4 + t] = Σ over
    /// <paramref name="count"/> samples (<paramref name="stride"/> apart) and positions of gy'[k]·xp[offset t].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightBlockDots<T>(T* gy, T* xp, int* offsets, int positions, int count, int stride, T* sums)
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
        for (var s = 0; s < count; s++, x0 += stride, x1 += stride, x2 += stride, x3 += stride, gy += stride, g1 += stride, g2 += stride, g3 += stride)
        {
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
        }

        SumRow(sums, a00, a01, a02, a03);
        SumRow(sums + 4, a10, a11, a12, a13);
        SumRow(sums + 8, a20, a21, a22, a23);
        SumRow(sums + 12, a30, a31, a32, a33);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SumRow<T>(T* sums, Vector512<T> a, Vector512<T> b, Vector512<T> c, Vector512<T> d)
        where T : unmanaged
    {
        sums[0] = Vector512.Sum(a);
        sums[1] = Vector512.Sum(b);
        sums[2] = Vector512.Sum(c);
        sums[3] = Vector512.Sum(d);
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Max pooling's 2×2, stride-2, unpadded case (LeNet's, and most CNNs'): the four candidates of a window are
/// compared in the general kernel's order (row by row), so the same element is picked, without window bounds. Float
/// rows run 8 windows per AVX-512 vector (masked at the row's end) and without branches (a scalar compare chain mispredicts on every other
/// window of real data): a vector of 16 input columns holds 8 windows' left (even lanes) and right (odd lanes)
/// elements; swapping neighbours puts both in every even lane, where the compare chain runs.
/// </summary>
internal static unsafe partial class PoolKernels
{
    private static void MaxPlane2x2<T>(T* src, T* y, PoolGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var oh = 0; oh < g.OH; oh++)
        {
            var r0 = src + (2 * oh * g.W);
            var r1 = r0 + g.W;
            var dst = y + (oh * g.OW);
            var ow = 0;
            if (typeof(T) == typeof(float) && Avx512F.IsSupported)
            {
                ow = MaxRow2x2((float*)r0, (float*)r1, (float*)dst, g.OW);
            }

            for (; ow < g.OW; ow++)
            {
                var q = 2 * ow;
                dst[ow] = Pick(r0[q], r0[q + 1], r1[q], r1[q + 1]) switch
                {
                    0 => r0[q],
                    1 => r0[q + 1],
                    2 => r1[q],
                    _ => r1[q + 1],
                };
            }
        }
    }

    /// <summary>dst (zeroed) gets each adjoint at its window's first maximum; windows do not overlap, so it is a store.</summary>
    private static void MaxBackPlane2x2<T>(T* src, T* adj, T* dst, PoolGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var oh = 0; oh < g.OH; oh++)
        {
            var offset = 2 * oh * g.W;
            var r0 = src + offset;
            var r1 = r0 + g.W;
            var d0 = dst + offset;
            var d1 = d0 + g.W;
            var a = adj + (oh * g.OW);
            var ow = 0;
            if (typeof(T) == typeof(float) && Avx512F.IsSupported)
            {
                ow = MaxBackRow2x2((float*)r0, (float*)r1, (float*)a, (float*)d0, (float*)d1, g.OW);
            }

            for (; ow < g.OW; ow++)
            {
                var q = 2 * ow;
                switch (Pick(r0[q], r0[q + 1], r1[q], r1[q + 1]))
                {
                    case 0: d0[q] = a[ow]; break;
                    case 1: d0[q + 1] = a[ow]; break;
                    case 2: d1[q] = a[ow]; break;
                    default: d1[q + 1] = a[ow]; break;
                }
            }
        }
    }

    /// <summary>Which of a, b, c, d <see cref="ArgMax"/> picks: the first maximum, or the last NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Pick<T>(T a, T b, T c, T d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (best, max) = (0, a);
        if (b > max || T.IsNaN(b))
        {
            (best, max) = (1, b);
        }

        if (c > max || T.IsNaN(c))
        {
            (best, max) = (2, c);
        }

        if (d > max || T.IsNaN(d))
        {
            best = 3;
        }

        return best;
    }

    /// <summary>All outputs of one row, 16 windows per step; the last step's loads and stores are masked to the row.</summary>
    private static int MaxRow2x2(float* r0, float* r1, float* y, int outWidth)
    {
        for (var ow = 0; ow < outWidth; ow += 16)
        {
            var n = Math.Min(16, outWidth - ow);
            var q = 2 * ow;
            var (lo, hi) = (First(Math.Min(16, 2 * n)), First(Math.Max(0, (2 * n) - 16)));
            var left = Chain(Load(r0 + q, lo), Load(r1 + q, lo), out _, out _, out _);
            var right = Chain(Load(r0 + q + 16, hi), Load(r1 + q + 16, hi), out _, out _, out _);

            // Each 64-bit lane holds (even, odd) floats; narrowing keeps its low half, the even lane's result.
            Avx512F.MaskStore(y + ow, First(n), Vector512.Narrow(left.AsUInt64(), right.AsUInt64()).AsSingle());
        }

        return outWidth;
    }

    /// <summary>The adjoints of one row's outputs, 8 windows per step, stored at their windows' picks in d0/d1.</summary>
    private static int MaxBackRow2x2(float* r0, float* r1, float* adj, float* d0, float* d1, int outWidth)
    {
        var even = Vector512.Create(-1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0).AsSingle();
        var spread = Vector512.Create(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7);
        var pairs = Vector512.Create(0, 0, 2, 2, 4, 4, 6, 6, 8, 8, 10, 10, 12, 12, 14, 14);
        for (var ow = 0; ow < outWidth; ow += 8)
        {
            var n = Math.Min(8, outWidth - ow);
            var q = 2 * ow;
            var inRow = First(2 * n);
            _ = Chain(Load(r0 + q, inRow), Load(r1 + q, inRow), out var takeB, out var takeC, out var takeD);
            takeB = Vector512.Shuffle(takeB, pairs);
            takeC = Vector512.Shuffle(takeC, pairs);
            takeD = Vector512.Shuffle(takeD, pairs);
            var g = Vector512.Shuffle(Load(adj + ow, First(n)), spread);

            // Row 0: even lanes get a (no later pick), odd lanes b (picked, not overtaken by c or d); row 1 likewise.
            var later = takeC | takeD;
            var row0 = Vector512.ConditionalSelect(even, ~later & ~takeB, takeB & ~later);
            var row1 = Vector512.ConditionalSelect(even, takeC & ~takeD, takeD);
            Avx512F.MaskStore(d0 + q, inRow, g & row0);
            Avx512F.MaskStore(d1 + q, inRow, g & row1);
        }

        return outWidth;
    }

    /// <summary>A mask of the first <paramref name="n"/> lanes (0 to 16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> First(int n) => Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(n)).AsSingle();

    /// <summary>The masked lanes from memory (the others 0): masked-off lanes are never touched, even past an array's end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Load(float* p, Vector512<float> mask) => Avx512F.MaskLoad(p, mask, Vector512<float>.Zero);

    /// <summary>
    /// In every even lane 2k: the pick among a = top[2k], b = top[2k + 1], c = bottom[2k], d = bottom[2k + 1] (the
    /// general loop's order: a later element wins when greater or NaN), with the masks of each later element winning.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Chain(Vector512<float> top, Vector512<float> bottom, out Vector512<float> takeB, out Vector512<float> takeC, out Vector512<float> takeD)
    {
        var swap = Vector512.Create(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14);
        var (a, b) = (top, Vector512.Shuffle(top, swap));
        var (c, d) = (bottom, Vector512.Shuffle(bottom, swap));
        takeB = Vector512.GreaterThan(b, a) | ~Vector512.Equals(b, b);
        var best = Vector512.ConditionalSelect(takeB, b, a);
        takeC = Vector512.GreaterThan(c, best) | ~Vector512.Equals(c, c);
        best = Vector512.ConditionalSelect(takeC, c, best);
        takeD = Vector512.GreaterThan(d, best) | ~Vector512.Equals(d, d);
        return Vector512.ConditionalSelect(takeD, d, best);
    }
}

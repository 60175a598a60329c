using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Max pooling's 2×2, stride-2, unpadded case (LeNet's, and most CNNs'): the four candidates of a window are
/// compared in the general kernel's order (row by row), so the same element is picked, without window bounds.
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
            for (var ow = 0; ow < g.OW; ow++)
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
            for (var ow = 0; ow < g.OW; ow++)
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
}

using System.Runtime.CompilerServices;

namespace AutoDiffGen.Kernels;

/// <summary>Packing: copies blocks of A and B into the contiguous, zero-padded panel layouts the micro-kernel reads.</summary>
internal static unsafe partial class Gemm
{
    /// <summary>
    /// Packs an mc×kc block of A into MR-row panels: panel r holds, for each p, the MR values A[r·MR + i, p]
    /// (zero past row mc), so the kernel reads MR consecutive values per step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA<T>(int mc, int kc, T* a, nint rs, nint cs, T* dst)
        where T : unmanaged
    {
        for (var ir = 0; ir < mc; ir += MR)
        {
            var rows = Math.Min(MR, mc - ir);
            var panel = dst + (ir * kc);
            var src = a + (ir * rs);
            if (rows == MR && cs == 1)
            {
                // Row-major A: walk each row once (contiguous reads) and scatter into the panel.
                for (var i = 0; i < MR; i++)
                {
                    var row = src + (i * rs);
                    var to = panel + i;
                    for (var p = 0; p < kc; p++)
                    {
                        to[p * MR] = row[p];
                    }
                }

                continue;
            }

            for (var p = 0; p < kc; p++)
            {
                var to = panel + (p * MR);
                var from = src + (p * cs);
                var i = 0;
                for (; i < rows; i++)
                {
                    to[i] = from[i * rs];
                }

                for (; i < MR; i++)
                {
                    to[i] = default;
                }
            }
        }
    }

    /// <summary>
    /// Packs a kc×nc block of B into nr-column panels: panel j holds, for each p, the nr values B[p, j·nr + t]
    /// (zero past column nc).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB<T>(int kc, int nc, T* b, nint rs, nint cs, T* dst, int nr)
        where T : unmanaged
    {
        for (var jr = 0; jr < nc; jr += nr)
        {
            var cols = Math.Min(nr, nc - jr);
            var panel = dst + (jr * kc);
            var src = b + (jr * cs);
            if (cols == nr && cs == 1)
            {
                for (var p = 0; p < kc; p++)
                {
                    new ReadOnlySpan<T>(src + (p * rs), nr).CopyTo(new Span<T>(panel + (p * nr), nr));
                }

                continue;
            }

            if (cols == nr && rs == 1)
            {
                // Column-major B (a transposed view): walk each column once, contiguous reads.
                for (var j = 0; j < nr; j++)
                {
                    var col = src + (j * cs);
                    var to = panel + j;
                    for (var p = 0; p < kc; p++)
                    {
                        to[p * nr] = col[p];
                    }
                }

                continue;
            }

            for (var p = 0; p < kc; p++)
            {
                var to = panel + (p * nr);
                var from = src + (p * rs);
                var j = 0;
                for (; j < cols; j++)
                {
                    to[j] = from[j * cs];
                }

                for (; j < nr; j++)
                {
                    to[j] = default;
                }
            }
        }
    }
}

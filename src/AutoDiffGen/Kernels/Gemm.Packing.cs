using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

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
            if (rows == MR && cs == 1 && TransposeFloats<T>())
            {
                // Row-major float A: 8×8 register transposes (a panel is 8 rows wide), scalar for the last kc % 8.
                var kc8 = kc & ~7;
                for (var p = 0; p < kc8; p += 8)
                {
                    Transpose8x8((float*)src + p, rs, (float*)panel + (p * MR), MR);
                }

                for (var i = 0; i < MR; i++)
                {
                    for (var p = kc8; p < kc; p++)
                    {
                        panel[(p * MR) + i] = src[(i * rs) + p];
                    }
                }

                continue;
            }

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

            if (cols == nr && rs == 1 && TransposeFloats<T>())
            {
                // Column-major float B (a transposed view, e.g. Linear's Wᵀ): 8×8 register transposes.
                var kc8 = kc & ~7;
                for (var j = 0; j < nr; j += 8)
                {
                    for (var p = 0; p < kc8; p += 8)
                    {
                        Transpose8x8((float*)src + (j * cs) + p, cs, (float*)panel + (p * nr) + j, nr);
                    }

                    for (var t = j; t < j + 8; t++)
                    {
                        for (var p = kc8; p < kc; p++)
                        {
                            panel[(p * nr) + t] = src[(t * cs) + p];
                        }
                    }
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

    /// <summary>Whether packing may use AVX transposes: float, AVX present, and not the forced portable path.</summary>
    private static bool TransposeFloats<T>()
        where T : unmanaged => typeof(T) == typeof(float) && Avx.IsSupported && Path != KernelPath.Scalar;

    /// <summary>The 8×8 block at src (row stride lds) transposed to dst (row stride ldd): unpack, shuffle, swap halves.</summary>
    private static void Transpose8x8(float* src, nint lds, float* dst, nint ldd)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + lds);
        var r2 = Avx.LoadVector256(src + (2 * lds));
        var r3 = Avx.LoadVector256(src + (3 * lds));
        var r4 = Avx.LoadVector256(src + (4 * lds));
        var r5 = Avx.LoadVector256(src + (5 * lds));
        var r6 = Avx.LoadVector256(src + (6 * lds));
        var r7 = Avx.LoadVector256(src + (7 * lds));
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44);
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + ldd, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + (2 * ldd), Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + (3 * ldd), Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + (4 * ldd), Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + (5 * ldd), Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + (6 * ldd), Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + (7 * ldd), Avx.Permute2x128(s3, s7, 0x31));
    }
}

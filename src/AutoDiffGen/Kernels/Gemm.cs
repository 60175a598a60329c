using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Dense matrix multiply C = A·B (or C += A·B) for float and double, GotoBLAS/BLIS style: B is packed into
/// KC×NR column panels, A into MR×KC row panels, and a register-blocked micro-kernel (8 rows × 2 vectors) does the
/// FMAs. A and B are read through arbitrary element strides, so transposed views multiply without a copy.
/// </summary>
/// <remarks>
/// Large products are split over the cores by disjoint blocks of C (on <see cref="Workers"/>' persistent helpers); every element of C is accumulated in the same
/// order whatever the split, so results are bit-identical for any thread count.
/// </remarks>
internal static unsafe partial class Gemm
{
    /// <summary>Rows of A per micro-kernel.</summary>
    internal const int MR = 8;

    /// <summary>Depth of one packed block (a B micro-panel of KC×NR floats stays in L1).</summary>
    internal const int KC = 256;

    /// <summary>Rows of A per packed block (MC×KC floats stay in L2).</summary>
    internal const int MC = 128;

    /// <summary>Columns of B per packed block.</summary>
    internal const int NC = 2048;

    /// <summary>Below this many multiply-adds a product runs on the calling thread.</summary>
    private const long ParallelThreshold = 1L << 20;

    /// <summary>Test hook: forces the portable path (no Vector512/Vector256) so it is tested on any machine.</summary>
    internal static KernelPath ForcedPath { get; set; } = KernelPath.Auto;

    /// <summary>Test hook: the most threads a product may use (0 = one per core).</summary>
    internal static int MaxThreads { get; set; }

    internal enum KernelPath
    {
        Auto,
        Vector256,
        Scalar,
    }

    /// <summary>What a product does with C: overwrite it, add to it, or apply an SGD step to it.</summary>
    internal enum Epilogue
    {
        /// <summary>C = A·B.</summary>
        Overwrite,

        /// <summary>C += A·B.</summary>
        Accumulate,

        /// <summary>
        /// C = C + α·(A·B), computed in double from the finished float sums and rounded once: exactly
        /// <see cref="SgdKernels"/>' plain update of a parameter C by the gradient A·B with α = −lr·sign.
        /// </summary>
        Update,
    }

    public static void Multiply(int m, int n, int k, float* a, nint aRowStride, nint aColStride, float* b, nint bRowStride, nint bColStride, float* c, nint ldc, bool accumulate) =>
        Run(m, n, k, a, aRowStride, aColStride, b, bRowStride, bColStride, c, ldc, accumulate ? Epilogue.Accumulate : Epilogue.Overwrite, 0);

    public static void Multiply(int m, int n, int k, double* a, nint aRowStride, nint aColStride, double* b, nint bRowStride, nint bColStride, double* c, nint ldc, bool accumulate) =>
        Run(m, n, k, a, aRowStride, aColStride, b, bRowStride, bColStride, c, ldc, accumulate ? Epilogue.Accumulate : Epilogue.Overwrite, 0);

    /// <summary>
    /// C ← C + α·(A·B) without materialising A·B: the SGD update fused into the weight-gradient product. Needs
    /// k ≤ <see cref="KC"/> (one depth block), so every sum is finished in registers before the update reads it and
    /// the result is bit-identical to the product followed by <see cref="SgdKernels"/>.
    /// </summary>
    public static void MultiplyUpdate<T>(int m, int n, int k, T* a, nint aRowStride, nint aColStride, T* b, nint bRowStride, nint bColStride, T* c, nint ldc, double alpha)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, KC);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        Run(m, n, k, a, aRowStride, aColStride, b, bRowStride, bColStride, c, ldc, Epilogue.Update, alpha);
    }

    private static void Run<T>(int m, int n, int k, T* a, nint ars, nint acs, T* b, nint brs, nint bcs, T* c, nint ldc, Epilogue epilogue, double alpha)
        where T : unmanaged
    {
        var accumulate = epilogue != Epilogue.Overwrite;
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                for (var i = 0; i < m; i++)
                {
                    new Span<T>(c + (i * ldc), n).Clear();
                }
            }

            return;
        }

        var nr = PanelWidth<T>();
        var work = (long)m * n * k;
        var threads = MaxThreads > 0 ? Math.Min(MaxThreads, Environment.ProcessorCount) : Environment.ProcessorCount;
        if (threads <= 1 || work < ParallelThreshold)
        {
            Serial(m, n, k, a, ars, acs, b, brs, bcs, c, ldc, epilogue, alpha, nr);
            return;
        }

        // Split the larger of M and N into one range per thread, aligned to whole micro-tiles.
        var splitN = n >= m;
        var extent = splitN ? n : m;
        var unit = splitN ? nr : MR;
        var units = (extent + unit - 1) / unit;
        var parts = Math.Min(threads, units);
        if (parts <= 1)
        {
            Serial(m, n, k, a, ars, acs, b, brs, bcs, c, ldc, epilogue, alpha, nr);
            return;
        }

        var job = new Job
        {
            A = (nint)a,
            B = (nint)b,
            C = (nint)c,
            M = m,
            N = n,
            K = k,
            Ars = ars,
            Acs = acs,
            Brs = brs,
            Bcs = bcs,
            Ldc = ldc,
            Epilogue = epilogue,
            Alpha = alpha,
            Nr = nr,
            SplitN = splitN,
            Unit = unit,
            Units = units,
            Parts = parts,
        };
        if (!Workers.TryRun(&job, &RunPiece<T>, parts))
        {
            Serial(m, n, k, a, ars, acs, b, brs, bcs, c, ldc, epilogue, alpha, nr);
        }
    }

    /// <summary>One piece of a split product: a range of whole micro-tiles of C's columns (or rows).</summary>
    private static void RunPiece<T>(void* operands, int part)
        where T : unmanaged
    {
        ref readonly var job = ref *(Job*)operands;
        var extent = job.SplitN ? job.N : job.M;
        var start = (int)((long)job.Units * part / job.Parts) * job.Unit;
        var end = Math.Min(extent, (int)((long)job.Units * (part + 1) / job.Parts) * job.Unit);
        if (start >= end)
        {
            return;
        }

        var ta = (T*)job.A;
        var tb = (T*)job.B;
        var tc = (T*)job.C;
        if (job.SplitN)
        {
            Serial(job.M, end - start, job.K, ta, job.Ars, job.Acs, tb + (start * job.Bcs), job.Brs, job.Bcs, tc + start, job.Ldc, job.Epilogue, job.Alpha, job.Nr);
        }
        else
        {
            Serial(end - start, job.N, job.K, ta + (start * job.Ars), job.Ars, job.Acs, tb, job.Brs, job.Bcs, tc + (start * job.Ldc), job.Ldc, job.Epilogue, job.Alpha, job.Nr);
        }
    }

    /// <summary>The operands of one split product, read by every piece.</summary>
    private struct Job
    {
        public nint A;
        public nint B;
        public nint C;
        public int M;
        public int N;
        public int K;
        public nint Ars;
        public nint Acs;
        public nint Brs;
        public nint Bcs;
        public nint Ldc;
        public Epilogue Epilogue;
        public double Alpha;
        public int Nr;
        public bool SplitN;
        public int Unit;
        public int Units;
        public int Parts;
    }

    /// <summary>Columns of B per micro-kernel: two vectors' worth.</summary>
    internal static int PanelWidth<T>()
        where T : unmanaged => Path switch
        {
            KernelPath.Auto => 2 * Vector512<T>.Count,
            KernelPath.Vector256 => 2 * Vector256<T>.Count,
            _ => 8,
        };

    private static KernelPath Path => ForcedPath != KernelPath.Auto
        ? ForcedPath
        : Vector512.IsHardwareAccelerated ? KernelPath.Auto : Vector256.IsHardwareAccelerated ? KernelPath.Vector256 : KernelPath.Scalar;

    // Hot loops are compiled fully optimised at once: a product's first calls should not run tier-0 code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Serial<T>(int m, int n, int k, T* a, nint ars, nint acs, T* b, nint brs, nint bcs, T* c, nint ldc, Epilogue epilogue, double alpha, int nr)
        where T : unmanaged
    {
        var buffers = PackBuffers<T>.Get(nr);
        var packedA = buffers.A;
        var packedB = buffers.B;
        var path = Path;
        for (var jc = 0; jc < n; jc += NC)
        {
            var nc = Math.Min(NC, n - jc);
            for (var pc = 0; pc < k; pc += KC)
            {
                var kc = Math.Min(KC, k - pc);
                // Later depth blocks add onto the partial sums; the update epilogue only ever sees one block.
                var store = epilogue == Epilogue.Overwrite && pc > 0 ? Epilogue.Accumulate : epilogue;
                PackB(kc, nc, b + (pc * brs) + (jc * bcs), brs, bcs, packedB, nr);
                for (var ic = 0; ic < m; ic += MC)
                {
                    var mc = Math.Min(MC, m - ic);
                    PackA(mc, kc, a + (ic * ars) + (pc * acs), ars, acs, packedA);
                    for (var jr = 0; jr < nc; jr += nr)
                    {
                        var nrEff = Math.Min(nr, nc - jr);
                        var bPanel = packedB + (jr * kc);
                        for (var ir = 0; ir < mc; ir += MR)
                        {
                            var mrEff = Math.Min(MR, mc - ir);
                            var cTile = c + ((ic + ir) * ldc) + jc + jr;
                            MicroTile(path, kc, packedA + (ir * kc), bPanel, cTile, ldc, mrEff, nrEff, nr, store, alpha);
                        }
                    }
                }
            }
        }
    }

    /// <summary>One MR×NR tile of C; partial tiles go through a stack buffer so the kernel always runs full width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MicroTile<T>(KernelPath path, int kc, T* a, T* b, T* c, nint ldc, int mr, int nrEff, int nr, Epilogue store, double alpha)
        where T : unmanaged
    {
        if (mr == MR && nrEff == nr)
        {
            Kernel(path, kc, a, b, c, ldc, store, alpha);
        }
        else
        {
            PartialTile(path, kc, a, b, c, ldc, mr, nrEff, nr, store, alpha);
        }
    }

    // Kept out of line: a stackalloc in an inlined body would grow the stack on every loop iteration.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PartialTile<T>(KernelPath path, int kc, T* a, T* b, T* c, nint ldc, int mr, int nrEff, int nr, Epilogue store, double alpha)
        where T : unmanaged
    {
        var tile = stackalloc byte[MR * 64 * sizeof(double)];
        var t = (T*)tile;
        Kernel(path, kc, a, b, t, nr, Epilogue.Overwrite, 0);
        for (var i = 0; i < mr; i++)
        {
            var src = new ReadOnlySpan<T>(t + (i * nr), nrEff);
            var dst = new Span<T>(c + (i * ldc), nrEff);
            switch (store)
            {
                case Epilogue.Overwrite: src.CopyTo(dst); break;
                case Epilogue.Accumulate: AddInto(src, dst); break;
                default: UpdateScalar(src, dst, alpha); break;
            }
        }
    }

    /// <summary>dst = dst + α·src in double, rounded once (the update epilogue of partial tiles and the portable kernel).</summary>
    private static void UpdateScalar<T>(ReadOnlySpan<T> src, Span<T> dst, double alpha)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            var s = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(src);
            var d = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(dst);
            for (var j = 0; j < s.Length; j++)
            {
                d[j] = (float)(d[j] + (alpha * s[j]));
            }
        }
        else
        {
            var s = System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(src);
            var d = System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(dst);
            for (var j = 0; j < s.Length; j++)
            {
                d[j] += alpha * s[j];
            }
        }
    }

    private static void AddInto<T>(ReadOnlySpan<T> src, Span<T> dst)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            var s = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(src);
            var d = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(dst);
            System.Numerics.Tensors.TensorPrimitives.Add(d, s, d);
        }
        else
        {
            var s = System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(src);
            var d = System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(dst);
            System.Numerics.Tensors.TensorPrimitives.Add(d, s, d);
        }
    }

    /// <summary>Per-thread packing buffers, allocated once per thread and panel width (pinned, 64-byte aligned).</summary>
    private static class PackBuffers<T>
        where T : unmanaged
    {
        [ThreadStatic]
        private static Buffers? _threadBuffers;

        public static Buffers Get(int nr)
        {
            var b = _threadBuffers;
            if (b is null || b.Nr != nr)
            {
                b = new Buffers(nr);
                _threadBuffers = b;
            }

            return b;
        }

        internal sealed class Buffers
        {
            private readonly T[] _a;
            private readonly T[] _b;

            public Buffers(int nr)
            {
                Nr = nr;
                var align = 64 / sizeof(T);
                _a = GC.AllocateUninitializedArray<T>((MC * KC) + align, pinned: true);
                _b = GC.AllocateUninitializedArray<T>((((NC + nr - 1) / nr) * nr * KC) + align, pinned: true);
                A = Align(_a);
                B = Align(_b);
            }

            public int Nr { get; }

            public T* A { get; }

            public T* B { get; }

            private static T* Align(T[] array)
            {
                var p = (nint)Unsafe.AsPointer(ref array[0]);
                return (T*)((p + 63) & ~(nint)63);
            }
        }
    }
}

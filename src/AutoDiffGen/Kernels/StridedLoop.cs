using System.Runtime.CompilerServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Work done on one row of up to three strided operands: len elements, operand k starting at
/// element offset ok and advancing by sk. Implemented by structs so the loop below is specialised per kernel.
/// </summary>
internal interface IRowAction
{
    void Row(int o0, int o1, int o2, int len, int s0, int s1, int s2);
}

/// <summary>
/// Walks an n-d index space over up to three operands with arbitrary strides (stride 0 = broadcast), calling a row
/// action for each innermost row. Dimensions whose strides line up in every operand are merged first (as PyTorch's
/// TensorIterator does), so contiguous operands become one long row and hit the vectorised path.
/// </summary>
internal static class StridedLoop
{
    [SkipLocalsInit]
    public static void Run<TAction>(
        ReadOnlySpan<int> shape,
        ReadOnlySpan<int> strides0,
        int offset0,
        ReadOnlySpan<int> strides1,
        int offset1,
        ReadOnlySpan<int> strides2,
        int offset2,
        ref TAction action)
        where TAction : struct, IRowAction
    {
        var rank = shape.Length;
        Span<int> size = stackalloc int[rank + 1];
        Span<int> a = stackalloc int[rank + 1];
        Span<int> b = stackalloc int[rank + 1];
        Span<int> c = stackalloc int[rank + 1];

        // Coalesce from the innermost dim outwards; entry 0 ends up the innermost.
        var n = 0;
        for (var i = rank - 1; i >= 0; i--)
        {
            var s = shape[i];
            if (s == 0)
            {
                return;
            }

            if (s == 1)
            {
                continue;
            }

            var s1 = strides1.IsEmpty ? 0 : strides1[i];
            var s2 = strides2.IsEmpty ? 0 : strides2[i];
            if (n > 0
                && strides0[i] == a[n - 1] * size[n - 1]
                && s1 == b[n - 1] * size[n - 1]
                && s2 == c[n - 1] * size[n - 1])
            {
                size[n - 1] *= s;
                continue;
            }

            size[n] = s;
            a[n] = strides0[i];
            b[n] = s1;
            c[n] = s2;
            n++;
        }

        if (n == 0)
        {
            action.Row(offset0, offset1, offset2, 1, 1, 1, 1);
            return;
        }

        var inner = size[0];
        if (n == 1)
        {
            action.Row(offset0, offset1, offset2, inner, a[0], b[0], c[0]);
            return;
        }

        Span<int> index = stackalloc int[n];
        index.Clear();
        int p0 = offset0, p1 = offset1, p2 = offset2;
        while (true)
        {
            action.Row(p0, p1, p2, inner, a[0], b[0], c[0]);
            var d = 1;
            for (; d < n; d++)
            {
                p0 += a[d];
                p1 += b[d];
                p2 += c[d];
                if (++index[d] < size[d])
                {
                    break;
                }

                p0 -= a[d] * size[d];
                p1 -= b[d] * size[d];
                p2 -= c[d] * size[d];
                index[d] = 0;
            }

            if (d == n)
            {
                return;
            }
        }
    }

    public static void Run<TAction>(
        ReadOnlySpan<int> shape,
        ReadOnlySpan<int> strides0,
        int offset0,
        ReadOnlySpan<int> strides1,
        int offset1,
        ref TAction action)
        where TAction : struct, IRowAction =>
        Run(shape, strides0, offset0, strides1, offset1, [], 0, ref action);
}

/// <summary>A loop over a range of elements: one chunk of a split elementwise operation.</summary>
internal interface IRangeBody
{
    void Run(int start, int length);
}

/// <summary>Splits large contiguous work over the cores in fixed-size chunks (results never depend on thread count).</summary>
internal static class Parallelism
{
    /// <summary>Below this many elements a memory-bound loop is not worth a second thread.</summary>
    public const int ElementwiseThreshold = 1 << 18;

    public static int Threads => Environment.ProcessorCount;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ShouldSplit(int n) => n >= ElementwiseThreshold && Threads > 1;

    /// <summary>Runs body.Run(start, length) over [0, n) in chunks of a multiple of 64 elements, on the kernel helpers.</summary>
    public static void For<TBody>(int n, TBody body)
        where TBody : struct, IRangeBody
    {
        var chunks = Math.Min(Threads * 4, Math.Max(1, n / (ElementwiseThreshold / 4)));
        var chunk = (n + chunks - 1) / chunks;
        chunk = (chunk + 63) & ~63;
        var job = new RangeJob<TBody> { Body = body, Count = n, Chunk = chunk };
        Workers.Run(ref job, (n + chunk - 1) / chunk);
    }

    private struct RangeJob<TBody> : IWorkPieces
        where TBody : struct, IRangeBody
    {
        public TBody Body;
        public int Count;
        public int Chunk;

        public void Run(int piece)
        {
            var start = piece * Chunk;
            Body.Run(start, Math.Min(Chunk, Count - start));
        }
    }
}

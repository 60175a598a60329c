using System.Numerics;
using System.Numerics.Tensors;

namespace AutoDiffGen.Kernels;

/// <summary>Reductions over contiguous memory: sums with float64 block accumulation, extrema that propagate NaN.</summary>
internal static class ReduceKernels
{
    // Block size for sums: within a block SIMD float accumulation is exact enough (error ~ block/lanes · eps);
    // blocks are then added in double, so a 16M-element float sum keeps ~7 significant digits.
    private const int SumBlock = 4096;

    /// <summary>Elements per block of a sum split over the cores (fixed, so the result never depends on their number).</summary>
    private const int SumSplitChunk = 1 << 16;

    public static double SumFloat(ReadOnlySpan<float> x)
    {
        double total = 0;
        for (var i = 0; i < x.Length; i += SumBlock)
        {
            total += TensorPrimitives.Sum(x.Slice(i, Math.Min(SumBlock, x.Length - i)));
        }

        return total;
    }

    public static double SumDouble(ReadOnlySpan<double> x) => TensorPrimitives.Sum(x);

    public static long SumInteger<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IBinaryInteger<T>
    {
        long total = 0;
        foreach (var v in x)
        {
            total += long.CreateTruncating(v);
        }

        return total;
    }

    /// <summary>Sum of a large float array over all cores, in fixed blocks so the result is the same for any thread count.</summary>
    public static double SumFloatParallel(float[] data, int offset, int length)
    {
        // The parallel sum is its own method: its lambda's closure would otherwise be allocated on every call.
        return Parallelism.ShouldSplit(length) ? SumFloatSplit(data, offset, length) : SumFloat(data.AsSpan(offset, length));
    }

    private static unsafe double SumFloatSplit(float[] data, int offset, int length)
    {
        var chunks = (length + SumSplitChunk - 1) / SumSplitChunk;

        // Up to 2^26 elements the partial sums live on the stack; longer sums are rare enough to allocate them.
        var partial = chunks <= 1024 ? stackalloc double[chunks] : new double[chunks];
        fixed (double* p = partial)
        {
            var job = new SplitSum { Data = data, Offset = offset, Length = length, Partial = p };
            Workers.Run(ref job, chunks);
        }

        double total = 0;
        foreach (var p in partial)
        {
            total += p;
        }

        return total;
    }

    /// <summary>One block of a split float sum: its partial goes to its own slot, summed in block order afterwards.</summary>
    private unsafe struct SplitSum : IWorkPieces
    {
        public float[] Data;
        public int Offset;
        public int Length;
        public double* Partial;

        public readonly void Run(int piece)
        {
            var start = piece * SumSplitChunk;
            Partial[piece] = SumFloat(Data.AsSpan(Offset + start, Math.Min(SumSplitChunk, Length - start)));
        }
    }

    /// <summary>Adds rows: acc[j] += x[j] (both contiguous, same length).</summary>
    public static void Accumulate<T>(ReadOnlySpan<T> x, Span<T> acc)
        where T : unmanaged, INumber<T> => TensorPrimitives.Add(acc, x, acc);

    /// <summary>Index of the first maximum (or minimum); a NaN counts as the extreme, as in PyTorch.</summary>
    public static int IndexOfExtreme<T>(ReadOnlySpan<T> x, bool max)
        where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float) || typeof(T) == typeof(double))
        {
            for (var i = 0; i < x.Length; i++)
            {
                if (T.IsNaN(x[i]))
                {
                    return i;
                }
            }
        }

        return max ? TensorPrimitives.IndexOfMax(x) : TensorPrimitives.IndexOfMin(x);
    }

    public static T Extreme<T>(ReadOnlySpan<T> x, bool max)
        where T : unmanaged, INumber<T> => max ? TensorPrimitives.Max(x) : TensorPrimitives.Min(x);

    /// <summary>
    /// Running extreme over the middle axis of an [n, inner] block: values[j], indices[j] = extreme over k of
    /// x[k, j], first index wins ties, NaN wins.
    /// </summary>
    public static void ExtremeAlongAxis<T>(ReadOnlySpan<T> x, int n, int inner, Span<T> values, Span<long> indices, bool max)
        where T : unmanaged, INumber<T>
    {
        x[..inner].CopyTo(values);
        indices.Clear();
        for (var k = 1; k < n; k++)
        {
            var row = x.Slice(k * inner, inner);
            for (var j = 0; j < inner; j++)
            {
                var v = row[j];
                var cur = values[j];
                if (T.IsNaN(cur))
                {
                    continue;
                }

                if (T.IsNaN(v) || (max ? v > cur : v < cur))
                {
                    values[j] = v;
                    indices[j] = k;
                }
            }
        }
    }

    /// <summary>Softmax (or log-softmax) of each row in place, stabilised by subtracting the row maximum.</summary>
    public static void SoftmaxRows<T>(Span<T> data, int rows, int length, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var r = 0; r < rows; r++)
        {
            var row = data.Slice(r * length, length);
            if (length == 0)
            {
                continue;
            }

            var max = TensorPrimitives.Max(row);
            if (T.IsNegativeInfinity(max))
            {
                // All -inf: PyTorch gives NaN for softmax and -inf - log(0) = NaN for log-softmax.
                row.Fill(T.NaN);
                continue;
            }

            TensorPrimitives.Subtract(row, max, row);
            if (log)
            {
                var sum = T.Zero;
                foreach (var v in row)
                {
                    sum += T.Exp(v);
                }

                TensorPrimitives.Subtract(row, T.Log(sum), row);
            }
            else
            {
                TensorPrimitives.Exp(row, row);
                var sum = TensorPrimitives.Sum((ReadOnlySpan<T>)row);
                TensorPrimitives.Divide(row, sum, row);
            }
        }
    }
}

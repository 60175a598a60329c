using System.Runtime.Intrinsics;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// Hand-written STREAM-style loops: the memory-bandwidth yardsticks that the tensor operations are compared with in
/// the same run. Vector512 where available, split over all cores in the same fixed chunks as the runtime.
/// </summary>
internal static class StreamBaseline
{
    /// <summary>a[i] = b[i] + s · c[i] (STREAM's triad: 2 reads, 1 write).</summary>
    public static void Triad(float[] a, float[] b, float[] c, float s)
    {
        var threads = Environment.ProcessorCount;
        var chunk = ((a.Length / threads) + 63) & ~63;
        Parallel.For(0, threads, t =>
        {
            var start = t * chunk;
            var end = Math.Min(a.Length, start + chunk);
            var sv = Vector512.Create(s);
            var i = start;
            for (; i + 16 <= end; i += 16)
            {
                var vb = Vector512.LoadUnsafe(ref b[0], (nuint)i);
                var vc = Vector512.LoadUnsafe(ref c[0], (nuint)i);
                Vector512.FusedMultiplyAdd(vc, sv, vb).StoreUnsafe(ref a[0], (nuint)i);
            }

            for (; i < end; i++)
            {
                a[i] = b[i] + (s * c[i]);
            }
        });
    }

    /// <summary>Σ x[i] (a read-only stream).</summary>
    public static float Sum(float[] x)
    {
        var threads = Environment.ProcessorCount;
        var chunk = ((x.Length / threads) + 63) & ~63;
        var partial = new float[threads];
        Parallel.For(0, threads, t =>
        {
            var start = t * chunk;
            var end = Math.Min(x.Length, start + chunk);
            Vector512<float> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
            var i = start;
            for (; i + 64 <= end; i += 64)
            {
                acc0 += Vector512.LoadUnsafe(ref x[0], (nuint)i);
                acc1 += Vector512.LoadUnsafe(ref x[0], (nuint)(i + 16));
                acc2 += Vector512.LoadUnsafe(ref x[0], (nuint)(i + 32));
                acc3 += Vector512.LoadUnsafe(ref x[0], (nuint)(i + 48));
            }

            var total = Vector512.Sum(acc0 + acc1 + acc2 + acc3);
            for (; i < end; i++)
            {
                total += x[i];
            }

            partial[t] = total;
        });

        return partial.Sum();
    }
}

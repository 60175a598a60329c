using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

/// <summary>
/// Products split on <see cref="Workers"/>' persistent helpers: correct when several threads multiply at once
/// (one takes the helpers, the others run alone), across many jobs in a row, and without allocating.
/// </summary>
[Collection(nameof(GemmTests))]
public unsafe class GemmWorkersTests
{
    private const int M = 64, N = 200, K = 160;

    [Fact]
    public void ConcurrentProductsMatchTheSerialResult()
    {
        var a = Random(M * K, 1);
        var b = Random(K * N, 2);
        var expected = new float[M * N];
        Gemm.MaxThreads = 1;
        try
        {
            Multiply(a, b, expected);
        }
        finally
        {
            Gemm.MaxThreads = 0;
        }

        var failures = 0;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            var c = new float[M * N];
            for (var i = 0; i < 25; i++)
            {
                Array.Clear(c);
                Multiply(a, b, c);
                if (!c.AsSpan().SequenceEqual(expected))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });
        Assert.Equal(0, failures);
    }

    [Fact]
    public void ASplitProductAllocatesNothing()
    {
        var a = Random(M * K, 3);
        var b = Random(K * N, 4);
        var c = new float[M * N];
        Multiply(a, b, c);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            Multiply(a, b, c);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void Multiply(float[] a, float[] b, float[] c)
    {
        fixed (float* pa = a, pb = b, pc = c)
        {
            Gemm.Multiply(M, N, K, pa, K, 1, pb, N, 1, pc, N, accumulate: false);
        }
    }

    private static float[] Random(int count, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)((rng.NextDouble() * 2) - 1))];
    }
}

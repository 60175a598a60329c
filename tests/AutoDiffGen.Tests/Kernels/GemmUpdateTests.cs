using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

/// <summary>
/// The GEMM's SGD epilogue, C ← C + α·(A·B) in double rounded once, equals the product into a scratch matrix
/// followed by that update, bit for bit, on every kernel path, with partial tiles, a transposed A and any thread count.
/// </summary>
[Collection(nameof(GemmTests))]
public unsafe class GemmUpdateTests
{
    [Theory]
    [InlineData("Auto", 37, 45, 200, false)]
    [InlineData("Vector256", 37, 45, 200, false)]
    [InlineData("Scalar", 37, 45, 200, false)]
    [InlineData("Auto", 128, 300, 64, true)]
    [InlineData("Vector256", 128, 300, 64, true)]
    public void UpdateEpilogueEqualsProductThenUpdate(string path, int m, int n, int k, bool transposeA)
    {
        Gemm.ForcedPath = Enum.Parse<Gemm.KernelPath>(path);
        try
        {
            const double Alpha = -0.037;
            var a = Random(m * k, 1);
            var b = Random(k * n, 2);
            var initial = Random(m * n, 3);
            nint ars = transposeA ? 1 : k, acs = transposeA ? m : 1;
            var product = new float[m * n];
            fixed (float* pa = a, pb = b, pc = product)
            {
                Gemm.Multiply(m, n, k, pa, ars, acs, pb, n, 1, pc, n, accumulate: false);
            }

            var expected = initial.Zip(product, (c, g) => (float)(c + (Alpha * g))).ToArray();
            foreach (var threads in new[] { 1, 0 })
            {
                Gemm.MaxThreads = threads;
                var c = (float[])initial.Clone();
                fixed (float* pa = a, pb = b, pc = c)
                {
                    Gemm.MultiplyUpdate(m, n, k, pa, ars, acs, pb, n, 1, pc, n, Alpha);
                }

                Assert.Equal(expected, c);
            }

            var ad = a.Select(v => (double)v).ToArray();
            var bd = b.Select(v => (double)v).ToArray();
            var productD = new double[m * n];
            var cd = initial.Select(v => (double)v).ToArray();
            fixed (double* pa = ad, pb = bd, pp = productD, pc = cd)
            {
                Gemm.Multiply(m, n, k, pa, ars, acs, pb, n, 1, pp, n, accumulate: false);
                Gemm.MultiplyUpdate(m, n, k, pa, ars, acs, pb, n, 1, pc, n, Alpha);
            }

            Assert.Equal(initial.Zip(productD, (c, g) => c + (Alpha * g)), cd);
        }
        finally
        {
            Gemm.ForcedPath = Gemm.KernelPath.Auto;
            Gemm.MaxThreads = 0;
        }
    }

    [Fact]
    public void ADepthPastOneBlockIsRefused()
    {
        var a = new float[4];
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            fixed (float* p = a)
            {
                Gemm.MultiplyUpdate(1, 1, Gemm.KC + 1, p, 1, 1, p, 1, 1, p, 1, -0.1);
            }
        });
    }

    private static float[] Random(int count, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)((rng.NextDouble() * 2) - 1))];
    }
}

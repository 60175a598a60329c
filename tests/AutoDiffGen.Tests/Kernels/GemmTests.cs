using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

// Gemm's test hooks (forced kernel path, thread cap) are static: run these tests one at a time.
[Collection(nameof(GemmTests))]
public unsafe class GemmTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 },
        { 0, 5, 3 },
        { 5, 0, 3 },
        { 5, 3, 0 },
        { 7, 13, 17 },
        { 8, 32, 256 },
        { 9, 33, 257 },
        { 33, 65, 31 },
        { 129, 70, 300 },
        { 64, 128, 784 },
        { 200, 2100, 40 },
    };

    public static TheoryData<string> Paths => new() { "Auto", "Vector256", "Scalar" };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float_matches_naive_reference_for_row_major_and_transposed_operands(int m, int n, int k)
    {
        foreach (var (transA, transB) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            var a = Random(m * k, 1);
            var b = Random(k * n, 2);
            var c = new float[m * n];
            nint ars = transA ? 1 : k, acs = transA ? m : 1, brs = transB ? 1 : n, bcs = transB ? k : 1;
            fixed (float* pa = a, pb = b, pc = c)
            {
                Gemm.Multiply(m, n, k, pa, ars, acs, pb, brs, bcs, pc, n, accumulate: false);
            }

            AssertMatches(a, ars, acs, b, brs, bcs, c, m, n, k, initial: null);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Every_kernel_path_is_correct_for_float_and_double_with_accumulate(string path)
    {
        Gemm.ForcedPath = Enum.Parse<Gemm.KernelPath>(path);
        try
        {
            const int m = 37, n = 45, k = 300, ldc = 50;
            var a = Random(m * k, 3);
            var b = Random(k * n, 4);
            var initial = Random(m * ldc, 5);
            var c = (float[])initial.Clone();
            fixed (float* pa = a, pb = b, pc = c)
            {
                Gemm.Multiply(m, n, k, pa, k, 1, pb, n, 1, pc, ldc, accumulate: true);
            }

            AssertMatches(a, k, 1, b, n, 1, c, m, n, k, initial, ldc);

            var ad = a.Select(v => (double)v).ToArray();
            var bd = b.Select(v => (double)v).ToArray();
            var cd = new double[m * n];
            fixed (double* pa = ad, pb = bd, pc = cd)
            {
                Gemm.Multiply(m, n, k, pa, k, 1, pb, n, 1, pc, n, accumulate: false);
            }

            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    double expected = 0;
                    for (var p = 0; p < k; p++)
                    {
                        expected += ad[(i * k) + p] * bd[(p * n) + j];
                    }

                    Assert.True(Math.Abs(expected - cd[(i * n) + j]) <= 1e-12 * k, $"double C[{i},{j}]: {expected} vs {cd[(i * n) + j]}");
                }
            }
        }
        finally
        {
            Gemm.ForcedPath = Gemm.KernelPath.Auto;
        }
    }

    [Fact]
    public void Results_are_bit_identical_for_any_thread_count()
    {
        const int m = 300, n = 260, k = 520;
        var a = Random(m * k, 6);
        var b = Random(k * n, 7);
        float[] Run(int threads)
        {
            Gemm.MaxThreads = threads;
            try
            {
                var c = new float[m * n];
                fixed (float* pa = a, pb = b, pc = c)
                {
                    Gemm.Multiply(m, n, k, pa, k, 1, pb, n, 1, pc, n, accumulate: false);
                }

                return c;
            }
            finally
            {
                Gemm.MaxThreads = 0;
            }
        }

        var one = Run(1);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(0));
    }

    private static float[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
    }

    private static void AssertMatches(float[] a, nint ars, nint acs, float[] b, nint brs, nint bcs, float[] c, int m, int n, int k, float[]? initial, int ldc = -1)
    {
        if (ldc < 0)
        {
            ldc = n;
        }

        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double expected = initial?[(i * ldc) + j] ?? 0;
                double magnitude = Math.Abs(expected);
                for (var p = 0; p < k; p++)
                {
                    var prod = (double)a[(i * ars) + (p * acs)] * b[(p * brs) + (j * bcs)];
                    expected += prod;
                    magnitude += Math.Abs(prod);
                }

                var actual = c[(i * ldc) + j];
                Assert.True(Math.Abs(expected - actual) <= (1e-5 * magnitude) + 1e-6, $"C[{i},{j}] = {actual}, expected {expected} (m={m}, n={n}, k={k})");
            }
        }
    }
}

using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

public class LuTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(17)]
    [InlineData(40)]
    public void Inverse_times_matrix_is_identity(int n)
    {
        var rng = new Random(n);
        var a = new double[n * n];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = (rng.NextDouble() * 2) - 1;
        }

        for (var i = 0; i < n; i++)
        {
            a[(i * n) + i] += n;
        }

        var inv = new double[n * n];
        Lu.Inverse(a, inv, n, "Inverse");
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                for (var p = 0; p < n; p++)
                {
                    sum += a[(i * n) + p] * inv[(p * n) + j];
                }

                Assert.Equal(i == j ? 1.0 : 0.0, sum, 1e-12);
            }
        }
    }

    [Fact]
    public void Pivoting_handles_a_zero_on_the_diagonal()
    {
        var inv = new double[4];
        Lu.Inverse(new double[] { 0, 1, 1, 0 }, inv, 2, "Inverse");
        Assert.Equal(new double[] { 0, 1, 1, 0 }, inv);
        var invf = new float[9];
        Lu.Inverse(new float[] { 0, 2, 0, 0, 0, 3, 4, 0, 0 }, invf, 3, "Inverse");
        Assert.Equal(new float[] { 0, 0, 0.25f, 0.5f, 0, 0, 0, 1f / 3, 0 }, invf);
    }

    [Fact]
    public void Singular_matrices_throw_with_the_pivot_and_advice()
    {
        var e = Assert.Throws<SingularMatrixException>(() => Lu.Inverse(new double[] { 1, 2, 2, 4 }, new double[4], 2, "Inverse"));
        Assert.Contains("U[1,1]", e.Message, StringComparison.Ordinal);
        Assert.Contains("linearly dependent", e.Message, StringComparison.Ordinal);
        Assert.Throws<SingularMatrixException>(() => Lu.Inverse(new double[9], new double[9], 3, "Inverse"));
        Assert.Throws<SingularMatrixException>(() => Lu.Inverse(new[] { double.NaN, 0, 0, 1 }, new double[4], 2, "Inverse"));
    }

    [Fact]
    public void Solve_finds_the_tutorial_line_through_two_points()
    {
        // y = m·x + c through (1, 4) and (4, 2).
        var x = new double[2];
        Lu.Solve(new double[] { 1, 1, 4, 1 }, new double[] { 4, 2 }, x, 2, 1, "Solve");
        Assert.Equal(-2.0 / 3, x[0], 1e-14);
        Assert.Equal(14.0 / 3, x[1], 1e-14);
    }
}

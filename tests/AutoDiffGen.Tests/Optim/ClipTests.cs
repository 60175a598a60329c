namespace AutoDiffGen.Tests.Optim;

/// <summary><see cref="AutoDiffGen.Gradients.ClipByGlobalNorm(IReadOnlyList{Tensor}, double, double, bool)"/> as torch.nn.utils.clip_grad_norm_.</summary>
public class ClipTests
{
    [Fact]
    public void Scales_by_max_norm_over_total_norm_when_larger()
    {
        var a = Tensor.FromArray(new double[] { 3, 0 }, [2]);
        var b = Tensor.FromArray(new double[] { 0, 4, 12 }, [3]);
        var norm = AutoDiffGen.Gradients.ClipByGlobalNorm([a, b], maxNorm: 1);
        Assert.Equal(13, norm, 14);
        var c = 1 / (13 + 1e-6);
        Close([3 * c, 0], a.ToArray<double>());
        Close([0, 4 * c, 12 * c], b.ToArray<double>());
    }

    [Fact]
    public void Leaves_small_gradients_unchanged()
    {
        var a = Tensor.FromArray(new float[] { 0.3f, -0.4f }, [2]);
        var norm = AutoDiffGen.Gradients.ClipByGlobalNorm([a], maxNorm: 1);
        Assert.Equal(0.5, norm, 6);
        Assert.Equal(new[] { 0.3f, -0.4f }, a.ToArray<float>());
    }

    [Fact]
    public void Other_norm_orders()
    {
        var a = Tensor.FromArray(new double[] { 1, -2, 3, -4 }, [2, 2]).T;
        Assert.Equal(4, AutoDiffGen.Gradients.ClipByGlobalNorm([a], maxNorm: 100, normType: double.PositiveInfinity));
        Assert.Equal(10, AutoDiffGen.Gradients.ClipByGlobalNorm([a], maxNorm: 100, normType: 1), 14);
        Assert.Equal(Math.Pow(1 + 8 + 27 + 64, 1.0 / 3), AutoDiffGen.Gradients.ClipByGlobalNorm([a], maxNorm: 100, normType: 3), 13);
        var inf = AutoDiffGen.Gradients.ClipByGlobalNorm([a], maxNorm: 2, normType: double.PositiveInfinity);
        Assert.Equal(4, inf);
        Close([.. new[] { 1.0, -2, 3, -4 }.Select(v => v * 2 / (4 + 1e-6))], a.T.ToArray<double>());
    }

    [Fact]
    public void Works_on_a_generated_gradient_type()
    {
        var grad = new TestGradient(Tensor.Full([4], 2.0, DType.Float64));
        Assert.Equal(4, AutoDiffGen.Gradients.ClipByGlobalNorm(grad, maxNorm: 2), 14);
        Assert.All(grad.Items[0].ToArray<double>(), v => Assert.Equal(2 * 2 / (4 + 1e-6), v, 15));
    }

    [Fact]
    public void Non_finite_norms_throw_only_when_asked()
    {
        var a = Tensor.FromArray(new double[] { 1, double.NaN }, [2]);
        var ex = Assert.Throws<NonFiniteNormException>(() => AutoDiffGen.Gradients.ClipByGlobalNorm([a], 1, errorIfNonFinite: true));
        Assert.Contains("NaN", ex.Message);
        Assert.Equal(1, a.ToArray<double>()[0]);
        Assert.Throws<NonFiniteNormException>(() => AutoDiffGen.Gradients.ClipByGlobalNorm([Tensor.Full([1], double.PositiveInfinity, DType.Float64)], 1, errorIfNonFinite: true));
        Assert.True(double.IsNaN(AutoDiffGen.Gradients.ClipByGlobalNorm([a], 1)));
        Assert.All(a.ToArray<double>(), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Edge_cases()
    {
        Assert.Equal(0, AutoDiffGen.Gradients.ClipByGlobalNorm([], 1));
        Assert.Equal(0, AutoDiffGen.Gradients.ClipByGlobalNorm([Tensor.Zeros(0)], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => AutoDiffGen.Gradients.ClipByGlobalNorm([Tensor.Ones(2)], 1, normType: 0));
        Assert.Throws<TensorDTypeException>(() => AutoDiffGen.Gradients.ClipByGlobalNorm([Tensor.Arange(3)], 1));
    }

    private static void Close(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            OptimReference.AssertClose(expected[i], actual[i], 1e-15, $"element {i}");
        }
    }
}

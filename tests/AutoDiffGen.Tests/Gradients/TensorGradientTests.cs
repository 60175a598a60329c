namespace AutoDiffGen.Tests.Gradients;

public class TensorGradientTests
{
    [Fact]
    public void Mean_of_2_x_plus_1_squared_at_ones_is_8_with_gradient_2()
    {
        var (r, grad) = TensorFunctions.RWithGradient(Tensor.Ones(2, 2));
        SameValue.Fused(TensorFunctions.R(Tensor.Ones(2, 2)), r);
        Assert.Equal(8f, r.Item<float>());
        Assert.Equal(new float[] { 2, 2, 2, 2 }, grad.ToArray<float>());
        Assert.Equal([2, 2], grad.Shape.ToArray());
    }

    [Fact]
    public void Linear_regression_with_sgd_lowers_the_loss_and_finds_slope_2()
    {
        Tensor.ManualSeed(0);
        var x = Tensor.Arange(5).To(DType.Float32).Unsqueeze(1);
        var y = (2 * x) + Tensor.Rand(5, 1);
        var w = Tensor.Randn(1, 1);
        var b = Tensor.Randn(1);
        var (first, _) = TensorFunctions.LossWithGradient(w, b, x, y);
        var initial = first.Item<float>();
        for (var epoch = 0; epoch <= 1000; epoch++)
        {
            var (_, (gw, gb)) = TensorFunctions.LossWithGradient(w, b, x, y);
            w.AddInPlace(gw, -1e-2);
            b.AddInPlace(gb, -1e-2);
        }

        var (last, _) = TensorFunctions.LossWithGradient(w, b, x, y);
        Assert.True(last.Item<float>() < initial / 10, $"loss {initial} → {last.Item<float>()}");
        Assert.InRange(w.Item<float>(), 1.8f, 2.2f);
    }

    [Fact]
    public void Gradient_of_a_non_scalar_result_explains_what_to_do()
    {
        var e = Assert.Throws<TensorShapeException>(() => TensorFunctions.DoubleItWithGradient(Tensor.Ones(2, 3)));
        Assert.Contains("[2, 3]", e.Message, StringComparison.Ordinal);
        Assert.Contains(".Sum() or .Mean()", e.Message, StringComparison.Ordinal);
        var (value, gradient) = TensorFunctions.DoubleItWithGradient(Tensor.Full([1], 3.0));
        SameValue.Bits(TensorFunctions.DoubleIt(Tensor.Full([1], 3.0)), value);
        Assert.Equal(6f, value.Item<float>());
        Assert.Equal(2f, gradient.Item<float>());
    }
}

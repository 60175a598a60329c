namespace AutoDiffGen.Tests.Gradients;

/// <summary>Tensor gradients against central finite differences in float64, element by element.</summary>
public class TensorFiniteDifferenceTests
{
    private static Tensor Random(System.Random rng, params int[] shape) => OpFiniteDifference.Random(rng, shape);

    private static double[] Numeric(Func<Tensor, double> f, Tensor x) => OpFiniteDifference.Numeric(f, x);

    private static void AssertGradient(double[] numeric, Tensor analytic)
    {
        var a = analytic.ToArray<double>();
        Assert.Equal(numeric.Length, a.Length);
        for (var i = 0; i < a.Length; i++)
        {
            Assert.True(Math.Abs(a[i] - numeric[i]) <= 1e-8 + (1e-6 * Math.Abs(numeric[i])) + 1e-7, $"element {i}: analytic {a[i]}, numeric {numeric[i]}");
        }
    }

    [Fact]
    public void Mixed_elementwise_broadcast_reduction_and_view_ops()
    {
        var rng = new System.Random(7);
        for (var trial = 0; trial < 20; trial++)
        {
            var a = Random(rng, 3, 4);
            var b = Random(rng, 4, 1);
            var scale = rng.NextDouble() + 0.5;
            var (value, (ga, gb, gs)) = TensorFunctions.MixedWithGradient(a, b, scale);
            SameValue.Fused(TensorFunctions.Mixed(a, b, scale), value);
            AssertGradient(Numeric(t => TensorFunctions.Mixed(t, b, scale).Item<double>(), a), ga);
            AssertGradient(Numeric(t => TensorFunctions.Mixed(a, t, scale).Item<double>(), b), gb);
            var h = 1e-6;
            var numericScale = (TensorFunctions.Mixed(a, b, scale + h).Item<double>() - TensorFunctions.Mixed(a, b, scale - h).Item<double>()) / (2 * h);
            Assert.Equal(numericScale, gs, 6);
        }
    }

    [Fact]
    public void Regression_loss_and_cross_entropy_through_matmul()
    {
        var rng = new System.Random(8);
        for (var trial = 0; trial < 20; trial++)
        {
            var w = Random(rng, 3, 1);
            var b = Random(rng, 1);
            var x = Random(rng, 5, 3);
            var y = Random(rng, 5, 1);
            var (loss, (gw, gb)) = TensorFunctions.LossWithGradient(w, b, x, y);
            SameValue.Fused(TensorFunctions.Loss(w, b, x, y), loss);
            AssertGradient(Numeric(t => TensorFunctions.Loss(t, b, x, y).Item<double>(), w), gw);
            AssertGradient(Numeric(t => TensorFunctions.Loss(w, t, x, y).Item<double>(), b), gb);

            var weights = Random(rng, 3, 4);
            var oneHot = Tensor.Eye(4, dtype: DType.Float64)[..4];
            var inputs = Random(rng, 4, 3);
            var (ce, gc) = TensorFunctions.CrossEntropyWithGradient(weights, inputs, oneHot);
            SameValue.Fused(TensorFunctions.CrossEntropy(weights, inputs, oneHot), ce);
            Assert.Equal([3, 4], gc.Shape.ToArray());
        }
    }

    [Fact]
    public void Cross_entropy_gradient_matches_finite_differences()
    {
        var rng = new System.Random(9);
        var w = Random(rng, 3, 4);
        var x = Random(rng, 4, 3);
        var oneHot = Tensor.Eye(4, dtype: DType.Float64);
        var (value, gw) = TensorFunctions.CrossEntropyWithGradient(w, x, oneHot);
        SameValue.Fused(TensorFunctions.CrossEntropy(w, x, oneHot), value);
        AssertGradient(Numeric(t => TensorFunctions.CrossEntropy(t, x, oneHot).Item<double>(), w), gw);
    }
}

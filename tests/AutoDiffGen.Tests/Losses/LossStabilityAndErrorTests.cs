namespace AutoDiffGen.Tests.Losses;

/// <summary>Huge and masked (−∞) logits give finite, correct losses and gradients; bad arguments give typed errors.</summary>
public class LossStabilityAndErrorTests
{
    private static Tensor F32(float[] data, params int[] shape) => Tensor.FromArray(data, shape);

    private static Tensor Longs(params long[] data) => Tensor.FromArray(data, [data.Length]);

    [Fact]
    public void Logits_of_1e4_give_finite_exact_losses_and_gradients()
    {
        var logits = F32([1e4f, 0, -1e4f, -1e4f, 1e4f, 1e4f], 2, 3);
        var target = Longs(0, 2);
        Assert.Equal([0f, MathF.Log(2)], AutoDiffGen.Losses.CrossEntropy(logits, target, Reduction.None).ToArray<float>());
        var (_, g) = LossFunctions.CeWithGradient(logits, target);
        Assert.Equal([0f, 0, 0, 0, 0.25f, -0.25f], g.ToArray<float>());

        var bce = AutoDiffGen.Losses.BinaryCrossEntropyWithLogits(F32([1e4f, -1e4f, 1e4f], 3), F32([1, 1, 0], 3), Reduction.None);
        Assert.Equal([0f, 1e4f, 1e4f], bce.ToArray<float>());
        var (_, gb) = LossFunctions.BceWithGradient(F32([1e4f, -1e4f], 2), F32([1, 1], 2));
        Assert.Equal([0f, -0.5f], gb.ToArray<float>());
    }

    [Fact]
    public void Masked_classes_at_minus_infinity_cost_nothing_and_have_zero_gradient()
    {
        var inf = float.NegativeInfinity;
        var logits = F32([0, inf, 0, inf, 1, inf], 2, 3);
        var target = Longs(2, 1);
        Assert.Equal([MathF.Log(2), 0f], AutoDiffGen.Losses.CrossEntropy(logits, target, Reduction.None).ToArray<float>());
        Assert.Equal([MathF.Log(2), 0f], AutoDiffGen.Losses.CrossEntropyFromTensors(logits, target, true, 0).ToArray<float>());
        var (_, g) = LossFunctions.CeWithGradient(logits, target);
        Assert.Equal([0.25f, 0, -0.25f, 0, 0, 0], g.ToArray<float>());

        // Probability targets with zero weight on masked classes, and Nll of log-probabilities with −∞ entries.
        var q = F32([0.5f, 0, 0.5f, 0, 1, 0], 2, 3);
        Assert.Equal([MathF.Log(2), 0f], AutoDiffGen.Losses.CrossEntropy(logits, q, Reduction.None).ToArray<float>());
        Assert.Equal([MathF.Log(2), 0f], AutoDiffGen.Losses.Nll(logits.LogSoftmax(1), target, Reduction.None).ToArray<float>());
        Assert.True(LossFunctions.CeWithGradient(logits, q).Gradient.ToArray<float>().All(float.IsFinite));
    }

    [Fact]
    public void Weight_on_an_impossible_class_is_infinite_and_an_all_masked_row_is_nan()
    {
        var inf = double.NegativeInfinity;
        var logits = Tensor.FromArray(new[] { 0.0, inf, 1, inf, inf, inf }, [2, 3]);

        // The target class is masked: the loss is +∞ (as in PyTorch), the gradient finite.
        var loss = AutoDiffGen.Losses.CrossEntropy(logits[..1], Longs(1), Reduction.None).ToArray<double>();
        Assert.Equal(double.PositiveInfinity, loss[0]);
        Assert.True(LossFunctions.CeWithGradient(logits[..1].Clone(), Longs(1)).Gradient.ToArray<double>().All(double.IsFinite));

        // Label smoothing puts ε/C on every class, masked ones included: +∞ too, as in PyTorch.
        Assert.Equal(double.PositiveInfinity, AutoDiffGen.Losses.CrossEntropy(logits[..1], Longs(0), labelSmoothing: 0.1).Item<double>());

        // A row with every logit −∞ has no distribution: NaN loss and gradient for that row only.
        var rows = AutoDiffGen.Losses.CrossEntropy(logits, Longs(2, 0), Reduction.None).ToArray<double>();
        Assert.Equal(Math.Log(1 + Math.E) - 1, rows[0], 14);
        Assert.True(double.IsNaN(rows[1]));
        var g = LossFunctions.CeWeightedWithGradient(logits, Longs(2, 0), Reduction.None, 0, Tensor.Ones([2], DType.Float64)).Gradient.ToArray<double>();
        Assert.True(g[..3].All(double.IsFinite));
        Assert.True(g[3..].All(double.IsNaN));
    }

    [Fact]
    public void Class_index_out_of_range_names_the_index_and_the_class_count()
    {
        var logits = Tensor.Zeros(3, 4);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => AutoDiffGen.Losses.CrossEntropy(logits, Longs(0, 7, 1)));
        Assert.Contains("target[1] = 7", e.Message);
        Assert.Contains("4 classes", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => AutoDiffGen.Losses.Nll(logits, Longs(0, 1, -100)));
        Assert.Contains("target[2] = -100", e.Message);
        Assert.Contains("ignore_index", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => AutoDiffGen.Losses.CrossEntropy(Tensor.Zeros(4), Tensor.Scalar(4L)));
        Assert.Contains("target = 4", e.Message);
    }

    [Fact]
    public void Wrong_dtypes_say_what_to_use()
    {
        var logits = Tensor.Zeros(3, 4);
        var e = Assert.Throws<TensorDTypeException>(() => AutoDiffGen.Losses.CrossEntropy(logits, Longs(0, 1, 2).To(DType.Int32)));
        Assert.Contains("Int64 class indices", e.Message);
        Assert.Contains("probabilities", e.Message);
        e = Assert.Throws<TensorDTypeException>(() => AutoDiffGen.Losses.Nll(logits, Tensor.Zeros(3, 4)));
        Assert.Contains("Int64", e.Message);
        e = Assert.Throws<TensorDTypeException>(() => AutoDiffGen.Losses.CrossEntropy(logits.To(DType.Int64), Longs(0, 1, 2)));
        Assert.Contains("logits must be floating point", e.Message);
        e = Assert.Throws<TensorDTypeException>(() => AutoDiffGen.Losses.Mse(logits, logits.To(DType.Int64)));
        Assert.Contains("target.To(DType.Float32)", e.Message);
        Assert.Throws<TensorDTypeException>(() => AutoDiffGen.Losses.BinaryCrossEntropyWithLogits(logits, logits, Reduction.Mean, Tensor.Ones([4], DType.Int64)));
    }

    [Fact]
    public void Wrong_shapes_say_what_is_expected()
    {
        var logits = Tensor.Zeros(3, 4);
        var e = Assert.Throws<TensorShapeException>(() => AutoDiffGen.Losses.CrossEntropy(logits, Tensor.Zeros([3, 1], DType.Int64)));
        Assert.Contains("[3]", e.Message);
        Assert.Contains("Reshape", e.Message);
        e = Assert.Throws<TensorShapeException>(() => AutoDiffGen.Losses.CrossEntropy(logits, Tensor.Zeros(3, 5)));
        Assert.Contains("[3, 4]", e.Message);
        e = Assert.Throws<TensorShapeException>(() => AutoDiffGen.Losses.CrossEntropy(Tensor.Zeros(2, 3, 4), Tensor.Zeros([2], DType.Int64)));
        Assert.Contains("[N, C]", e.Message);
        e = Assert.Throws<TensorShapeException>(() => AutoDiffGen.Losses.Mse(Tensor.Zeros(4, 1), Tensor.Zeros(4)));
        Assert.Contains("does not broadcast", e.Message);
        Assert.Throws<TensorShapeException>(() => AutoDiffGen.Losses.L1(Tensor.Zeros(2), Tensor.Zeros(3)));
        e = Assert.Throws<TensorShapeException>(() => AutoDiffGen.Losses.BinaryCrossEntropyWithLogits(logits, logits, Reduction.Mean, Tensor.Ones(3)));
        Assert.Contains("one weight per class", e.Message);
    }

    [Fact]
    public void Bad_smoothing_and_reduction_values_are_rejected()
    {
        var logits = Tensor.Zeros(3, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => AutoDiffGen.Losses.CrossEntropy(logits, Longs(0, 1, 2), labelSmoothing: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => AutoDiffGen.Losses.CrossEntropy(logits, Longs(0, 1, 2), labelSmoothing: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => AutoDiffGen.Losses.Mse(logits, logits, (Reduction)7));
        Assert.Throws<ArgumentNullException>(() => AutoDiffGen.Losses.Mse(logits, null!));
    }
}

using static AutoDiffGen.Tests.Losses.LossTestKit;

namespace AutoDiffGen.Tests.Losses;

/// <summary>Generated gradients of [Differentiable] methods calling the losses against central finite differences (float64).</summary>
public class LossGradientTests
{
    private static readonly Reduction[] _reductions = [Reduction.Mean, Reduction.Sum, Reduction.None];

    /// <summary>A 0-d weight for Mean and Sum, one per sample (per element) for None: a non-trivial adjoint either way.</summary>
    private static Tensor Weights(System.Random rng, Reduction reduction, params int[] perElement) =>
        reduction == Reduction.None ? Random(rng, perElement) : Tensor.Scalar((rng.NextDouble() * 2) + 0.5, DType.Float64);

    [Fact]
    public void Cross_entropy_gradient_for_indices_and_probabilities_every_reduction_and_smoothing()
    {
        var rng = new System.Random(11);
        for (var trial = 0; trial < 20; trial++)
        {
            var reduction = _reductions[trial % 3];
            var smoothing = trial % 2 == 0 ? 0 : 0.15;
            var single = trial % 5 == 4;
            var logits = single ? Random(rng, 5) : Random(rng, 4, 5);
            var weights = Weights(rng, reduction, single ? [] : [4]);
            foreach (var target in new[] { Indices(rng, 4, 5, single), single ? Probabilities(rng, 5) : Probabilities(rng, 4, 5) })
            {
                var (value, g) = LossFunctions.CeWeightedWithGradient(logits, target, reduction, smoothing, weights);
                SameValue.Fused(LossFunctions.CeWeighted(logits, target, reduction, smoothing, weights), value);
                AssertGradient(() => LossFunctions.CeWeighted(logits, target, reduction, smoothing, weights).Item<double>(), logits, g);
            }
        }
    }

    [Fact]
    public void Cross_entropy_gradient_with_respect_to_a_probability_target()
    {
        var rng = new System.Random(12);
        for (var trial = 0; trial < 20; trial++)
        {
            var reduction = _reductions[trial % 3];
            var smoothing = trial % 2 == 0 ? 0 : 0.1;
            var logits = Random(rng, 3, 4);
            var target = Probabilities(rng, 3, 4);
            var weights = Weights(rng, reduction, 3);
            var (ceBothValue, (gx, gq)) = LossFunctions.CeBothWithGradient(logits, target, reduction, smoothing, weights);
            SameValue.Fused(LossFunctions.CeBoth(logits, target, reduction, smoothing, weights), ceBothValue);
            AssertGradient(() => LossFunctions.CeBoth(logits, target, reduction, smoothing, weights).Item<double>(), logits, gx);
            AssertGradient(() => LossFunctions.CeBoth(logits, target, reduction, smoothing, weights).Item<double>(), target, gq);
        }
    }

    [Fact]
    public void Default_and_literal_arguments_and_a_classifier()
    {
        var rng = new System.Random(13);
        for (var trial = 0; trial < 20; trial++)
        {
            var logits = Random(rng, 4, 3);
            var target = Indices(rng, 4, 3);
            AssertGradient(() => LossFunctions.Ce(logits, target).Item<double>(), logits, LossFunctions.CeWithGradient(logits, target));
            AssertGradient(() => LossFunctions.CeSmoothed(logits, target).Item<double>(), logits, LossFunctions.CeSmoothedWithGradient(logits, target));

            var w = Random(rng, 2, 3);
            var b = Random(rng, 3);
            var x = Random(rng, 4, 2);
            var (classifierValue, (gw, gb)) = LossFunctions.ClassifierWithGradient(w, b, x, target);
            SameValue.Bits(LossFunctions.Classifier(w, b, x, target), classifierValue);
            AssertGradient(() => LossFunctions.Classifier(w, b, x, target).Item<double>(), w, gw);
            AssertGradient(() => LossFunctions.Classifier(w, b, x, target).Item<double>(), b, gb);
        }
    }

    [Fact]
    public void Nll_gradient_through_log_softmax()
    {
        var rng = new System.Random(14);
        for (var trial = 0; trial < 20; trial++)
        {
            var reduction = _reductions[trial % 3];
            var single = trial % 4 == 3;
            var logits = single ? Random(rng, 4) : Random(rng, 5, 4);
            var target = Indices(rng, 5, 4, single);
            var weights = Weights(rng, reduction, single ? [] : [5]);
            var (nllOfLogSoftmaxValue, g) = LossFunctions.NllOfLogSoftmaxWithGradient(logits, target, reduction, weights);
            SameValue.Fused(LossFunctions.NllOfLogSoftmax(logits, target, reduction, weights), nllOfLogSoftmaxValue);
            AssertGradient(() => LossFunctions.NllOfLogSoftmax(logits, target, reduction, weights).Item<double>(), logits, g);
        }
    }

    [Fact]
    public void Mse_and_l1_gradients_for_input_and_target()
    {
        var rng = new System.Random(15);
        for (var trial = 0; trial < 20; trial++)
        {
            var reduction = _reductions[trial % 3];
            var input = Random(rng, 3, 2);
            var target = Random(rng, 3, 2);
            var weights = Weights(rng, reduction, 3, 2);
            var (mseWeightedValue, (gi, gt)) = LossFunctions.MseWeightedWithGradient(input, target, reduction, weights);
            SameValue.Fused(LossFunctions.MseWeighted(input, target, reduction, weights), mseWeightedValue);
            AssertGradient(() => LossFunctions.MseWeighted(input, target, reduction, weights).Item<double>(), input, gi);
            AssertGradient(() => LossFunctions.MseWeighted(input, target, reduction, weights).Item<double>(), target, gt);
            (var l1Value, (gi, gt)) = LossFunctions.L1WeightedWithGradient(input, target, reduction, weights);
            SameValue.Fused(LossFunctions.L1Weighted(input, target, reduction, weights), l1Value);
            AssertGradient(() => LossFunctions.L1Weighted(input, target, reduction, weights).Item<double>(), input, gi);
            AssertGradient(() => LossFunctions.L1Weighted(input, target, reduction, weights).Item<double>(), target, gt);
            AssertGradient(() => LossFunctions.Mse(input, target).Item<double>(), input, LossFunctions.MseWithGradient(input, target));
        }

        // L1's subgradient at input = target is 0, as in PyTorch.
        var equal = Tensor.FromArray(new[] { 1.0, 2 }, [2]);
        Assert.Equal([0.0, 0.0], LossFunctions.L1InputWithGradient(equal, equal.Clone()).Gradient.ToArray<double>());
    }

    [Fact]
    public void Binary_cross_entropy_with_logits_gradients_with_and_without_pos_weight()
    {
        var rng = new System.Random(16);
        for (var trial = 0; trial < 20; trial++)
        {
            var reduction = _reductions[trial % 3];
            var logits = Random(rng, 4, 3);
            var target = Tensor.RandLike(logits);
            var weights = Weights(rng, reduction, 4, 3);
            var posWeight = trial % 2 == 0 ? null : Tensor.FromArray(new[] { 0.5, 1, 3 }, [3]);
            var (bceWeightedValue, (gx, gy)) = LossFunctions.BceWeightedWithGradient(logits, target, reduction, posWeight, weights);
            SameValue.Fused(LossFunctions.BceWeighted(logits, target, reduction, posWeight, weights), bceWeightedValue);
            AssertGradient(() => LossFunctions.BceWeighted(logits, target, reduction, posWeight, weights).Item<double>(), logits, gx);
            AssertGradient(() => LossFunctions.BceWeighted(logits, target, reduction, posWeight, weights).Item<double>(), target, gy);
            AssertGradient(() => LossFunctions.Bce(logits, target).Item<double>(), logits, LossFunctions.BceWithGradient(logits, target));
            var w = Tensor.FromArray(new[] { 2.0, 0.25, 1 }, [3]);
            AssertGradient(() => LossFunctions.BcePositive(logits, target, w).Item<double>(), logits, LossFunctions.BcePositiveWithGradient(logits, target, w));
        }
    }

    [Fact]
    public void A_reduction_written_as_a_literal_is_differentiated()
    {
        var rng = new System.Random(17);
        var logits = Random(rng, 4, 3);
        var target = Tensor.FromArray(new long[] { 0, 2, 1, 2 }, [4]);
        var (value, gradient) = LossFunctions.CeSumWithGradient(logits, target);
        SameValue.Bits(LossFunctions.CeSum(logits, target), value);
        Assert.Equal(AutoDiffGen.Losses.CrossEntropy(logits, target, Reduction.Sum).Item<double>(), value.Item<double>(), 12);
        AssertGradient(() => LossFunctions.CeSum(logits, target).Item<double>(), logits, gradient);
    }
}

namespace AutoDiffGen.Tests.Losses;

/// <summary>
/// The losses inside [Differentiable] methods, as users write them. The weighted forms (loss · weights, summed)
/// give every reduction a scalar result with a non-trivial adjoint: a 0-d weight for Mean and Sum, one weight per
/// element (per sample) for None.
/// </summary>
public static partial class LossFunctions
{
    [Differentiable]
    public static Tensor Ce(Tensor logits, [NoDiff] Tensor target) => AutoDiffGen.Losses.CrossEntropy(logits, target);

    [Differentiable]
    public static Tensor CeSmoothed(Tensor logits, [NoDiff] Tensor target) => AutoDiffGen.Losses.CrossEntropy(logits, target, Reduction.Mean, 0.1);

    [Differentiable]
    public static Tensor CeWeighted(Tensor logits, [NoDiff] Tensor target, Reduction reduction, [NoDiff] double labelSmoothing, [NoDiff] Tensor weights) =>
        (AutoDiffGen.Losses.CrossEntropy(logits, target, reduction, labelSmoothing) * weights).Sum();

    [Differentiable]
    public static Tensor CeBoth(Tensor logits, Tensor target, Reduction reduction, [NoDiff] double labelSmoothing, [NoDiff] Tensor weights) =>
        (AutoDiffGen.Losses.CrossEntropy(logits, target, reduction, labelSmoothing) * weights).Sum();

    [Differentiable]
    public static Tensor NllOfLogSoftmax(Tensor logits, [NoDiff] Tensor target, Reduction reduction, [NoDiff] Tensor weights) =>
        (AutoDiffGen.Losses.Nll(logits.LogSoftmax(-1), target, reduction) * weights).Sum();

    [Differentiable]
    public static Tensor Mse(Tensor input, [NoDiff] Tensor target) => AutoDiffGen.Losses.Mse(input, target);

    [Differentiable]
    public static Tensor MseWeighted(Tensor input, Tensor target, Reduction reduction, [NoDiff] Tensor weights) =>
        (AutoDiffGen.Losses.Mse(input, target, reduction) * weights).Sum();

    [Differentiable]
    public static Tensor L1Weighted(Tensor input, Tensor target, Reduction reduction, [NoDiff] Tensor weights) =>
        (AutoDiffGen.Losses.L1(input, target, reduction) * weights).Sum();

    [Differentiable]
    public static Tensor L1Input(Tensor input, [NoDiff] Tensor target) => AutoDiffGen.Losses.L1(input, target);

    [Differentiable]
    public static Tensor Bce(Tensor logits, [NoDiff] Tensor target) => AutoDiffGen.Losses.BinaryCrossEntropyWithLogits(logits, target);

    [Differentiable]
    public static Tensor BcePositive(Tensor logits, [NoDiff] Tensor target, [NoDiff] Tensor posWeight) =>
        AutoDiffGen.Losses.BinaryCrossEntropyWithLogits(logits, target, posWeight: posWeight);

    [Differentiable]
    public static Tensor BceWeighted(Tensor logits, Tensor target, Reduction reduction, [NoDiff] Tensor? posWeight, [NoDiff] Tensor weights) =>
        (AutoDiffGen.Losses.BinaryCrossEntropyWithLogits(logits, target, reduction, posWeight) * weights).Sum();

    /// <summary>An enum member written as a literal (the generator casts its constant back to the enum).</summary>
    [Differentiable]
    public static Tensor CeSum(Tensor logits, [NoDiff] Tensor target) => AutoDiffGen.Losses.CrossEntropy(logits, target, Reduction.Sum);

    /// <summary>A linear classifier's loss, as in the design's Objective.Loss: the rule composes with MatMul.</summary>
    [Differentiable]
    public static Tensor Classifier(Tensor w, Tensor b, [NoDiff] Tensor x, [NoDiff] Tensor y) =>
        AutoDiffGen.Losses.CrossEntropy(Tensor.MatMul(x, w) + b, y);
}

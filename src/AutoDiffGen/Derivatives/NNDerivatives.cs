namespace AutoDiffGen.Derivatives;

/// <summary>
/// Derivative rules of the functional neural-network ops: Linear, Embedding, LayerNorm, BatchNorm, Gelu and
/// Dropout here; Conv2d and the pools in <c>NNDerivatives.Conv.cs</c>. Per-argument rules (Argument = k) let
/// generated code skip the products it does not need, e.g. the input's adjoint of a first layer whose input is data.
/// </summary>
/// <remarks>
/// An optional parameter tensor (a bias, a norm's weight) that is null gets a null adjoint. The adjoints are
/// typed <c>Tensor</c>, not <c>Tensor?</c>, because generated gradient tuples type every tensor gradient as
/// <c>Tensor</c>; a gradient for a null parameter is therefore null at run time, like PyTorch's <c>None</c> grad.
/// </remarks>
public static partial class NNDerivatives
{
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Linear))]
    public static (Tensor Input, Tensor Weight, Tensor Bias) Linear(Tensor input, Tensor weight, Tensor? bias, Tensor result, Tensor adjoint) =>
        (Tensor.LinearInputGradient(input, weight, adjoint), Tensor.LinearWeightGradient(input, weight, adjoint), bias is null ? null! : Tensor.LinearBiasGradient(adjoint, weight.Size(0)));

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Linear), Argument = 0)]
    public static Tensor LinearInput(Tensor input, Tensor weight, Tensor? bias, Tensor result, Tensor adjoint) =>
        Tensor.LinearInputGradient(input, weight, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Linear), Argument = 1)]
    public static Tensor LinearWeight(Tensor input, Tensor weight, Tensor? bias, Tensor result, Tensor adjoint) =>
        Tensor.LinearWeightGradient(input, weight, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Linear), Argument = 2)]
    public static Tensor LinearBias(Tensor input, Tensor weight, Tensor? bias, Tensor result, Tensor adjoint) =>
        bias is null ? null! : Tensor.LinearBiasGradient(adjoint, weight.Size(0));

    /// <summary>The indices are data; the weight's adjoint scatter-adds the adjoint's rows.</summary>
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Embedding))]
    public static Tensor Embedding([NoDiff] Tensor indices, Tensor weight, Tensor result, Tensor adjoint) =>
        Tensor.EmbeddingWeightGradient(indices, weight, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.LayerNorm))]
    public static (Tensor Input, Tensor Weight, Tensor Bias) LayerNorm(Tensor input, int[] normalizedShape, Tensor? weight, Tensor? bias, [NoDiff] double eps, Tensor result, Tensor adjoint)
    {
        var (gx, gw, gb) = Tensor.LayerNormGradients(input, normalizedShape, weight, bias, eps, adjoint, true, true, true);
        return (gx!, gw!, gb!);
    }

    [DerivativeOf(typeof(Tensor), nameof(Tensor.LayerNorm), Argument = 0)]
    public static Tensor LayerNormInput(Tensor input, int[] normalizedShape, Tensor? weight, Tensor? bias, double eps, Tensor result, Tensor adjoint) =>
        Tensor.LayerNormGradients(input, normalizedShape, weight, bias, eps, adjoint, true, false, false).Input!;

    [DerivativeOf(typeof(Tensor), nameof(Tensor.LayerNorm), Argument = 2)]
    public static Tensor LayerNormWeight(Tensor input, int[] normalizedShape, Tensor? weight, Tensor? bias, double eps, Tensor result, Tensor adjoint) =>
        Tensor.LayerNormGradients(input, normalizedShape, weight, bias, eps, adjoint, false, true, false).Weight!;

    [DerivativeOf(typeof(Tensor), nameof(Tensor.LayerNorm), Argument = 3)]
    public static Tensor LayerNormBias(Tensor input, int[] normalizedShape, Tensor? weight, Tensor? bias, double eps, Tensor result, Tensor adjoint) =>
        Tensor.LayerNormGradients(input, normalizedShape, weight, bias, eps, adjoint, false, false, true).Bias!;

    /// <summary>
    /// The running statistics are state, not inputs (no adjoint). In training the input's adjoint goes through the
    /// batch statistics; in evaluation it is the adjoint scaled by weight / √(running_var + eps).
    /// </summary>
    [DerivativeOf(typeof(Tensor), nameof(Tensor.BatchNorm))]
    public static (Tensor Input, Tensor Weight, Tensor Bias) BatchNorm(
        Tensor input, [NoDiff] Tensor? runningMean, [NoDiff] Tensor? runningVar, Tensor? weight, Tensor? bias, bool training, [NoDiff] double momentum, [NoDiff] double eps, Tensor result, Tensor adjoint)
    {
        var (gx, gw, gb) = Tensor.BatchNormGradients(input, runningMean, runningVar, weight, bias, training, eps, adjoint, true, true, true);
        return (gx!, gw!, gb!);
    }

    [DerivativeOf(typeof(Tensor), nameof(Tensor.BatchNorm), Argument = 0)]
    public static Tensor BatchNormInput(
        Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias, bool training, double momentum, double eps, Tensor result, Tensor adjoint) =>
        Tensor.BatchNormGradients(input, runningMean, runningVar, weight, bias, training, eps, adjoint, true, false, false).Input!;

    [DerivativeOf(typeof(Tensor), nameof(Tensor.BatchNorm), Argument = 3)]
    public static Tensor BatchNormWeight(
        Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias, bool training, double momentum, double eps, Tensor result, Tensor adjoint) =>
        Tensor.BatchNormGradients(input, runningMean, runningVar, weight, bias, training, eps, adjoint, false, true, false).Weight!;

    [DerivativeOf(typeof(Tensor), nameof(Tensor.BatchNorm), Argument = 4)]
    public static Tensor BatchNormBias(
        Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias, bool training, double momentum, double eps, Tensor result, Tensor adjoint) =>
        Tensor.BatchNormGradients(input, runningMean, runningVar, weight, bias, training, eps, adjoint, false, false, true).Bias!;

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Gelu))]
    public static Tensor Gelu(Tensor x, string approximate, Tensor result, Tensor adjoint) => Tensor.GeluGradient(x, approximate, adjoint);

    /// <summary>The adjoint through the mask Dropout recorded for its result (p is a constant: no adjoint).</summary>
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Dropout))]
    public static Tensor Dropout(Tensor input, [NoDiff] double p, bool training, Generator? generator, Tensor result, Tensor adjoint) =>
        Tensor.DropoutGradient(input, p, training, result, adjoint);
}

using System.Globalization;

namespace AutoDiffGen;

/// <summary>
/// Normalises over the last dimensions, like <c>torch.nn.LayerNorm(normalized_shape)</c>: with
/// <c>elementwiseAffine</c>, a weight (ones) and bias (zeros) of that shape are learned.
/// </summary>
public sealed partial class LayerNorm : Module, ILayer
{
    public LayerNorm(int[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        if (normalizedShape.Length == 0 || normalizedShape.Any(d => d <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(normalizedShape), "LayerNorm: normalizedShape must list at least one positive size, e.g. [hidden].");
        }

        NormalizedShape = [.. normalizedShape];
        Eps = eps;
        Weight = elementwiseAffine ? Tensor.Ones(NormalizedShape).To(dtype) : null;
        Bias = elementwiseAffine ? Tensor.Zeros(NormalizedShape).To(dtype) : null;
    }

    /// <summary>Normalises over the last dimension of size <paramref name="size"/>.</summary>
    public LayerNorm(int size, double eps = 1e-5, bool elementwiseAffine = true, DType dtype = DType.Float32)
        : this([size], eps, elementwiseAffine, dtype)
    {
    }

    public int[] NormalizedShape { get; }

    public double Eps { get; }

    [Parameter]
    public Tensor? Weight { get; }

    [Parameter]
    public Tensor? Bias { get; }

    [Differentiable]
    public Tensor Forward(Tensor input) => Tensor.LayerNorm(input, NormalizedShape, Weight, Bias, Eps);

    protected override string ExtraRepr() => string.Create(
        CultureInfo.InvariantCulture,
        $"({string.Join(", ", NormalizedShape)},), eps={Eps}, elementwise_affine={(Weight is null ? "False" : "True")}");
}

/// <summary>
/// Batch normalisation of [N, C] or [N, C, L] inputs per channel, like <c>torch.nn.BatchNorm1d</c>: in training mode it normalises with the batch's statistics and updates the running ones (buffers
/// <c>running_mean</c>, <c>running_var</c>, <c>num_batches_tracked</c>) with <see cref="Momentum"/>, or with a
/// cumulative average when it is null, as PyTorch does; after <see cref="Module.Eval"/> it uses the running statistics.
/// </summary>
public sealed partial class BatchNorm1d : Module, ILayer
{
    public BatchNorm1d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numFeatures);
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        Weight = affine ? Tensor.Ones(numFeatures).To(dtype) : null;
        Bias = affine ? Tensor.Zeros(numFeatures).To(dtype) : null;
        RunningMean = Tensor.Zeros(numFeatures).To(dtype);
        RunningVar = Tensor.Ones(numFeatures).To(dtype);
        NumBatchesTracked = Tensor.Zeros([], DType.Int64);
    }

    public int NumFeatures { get; }

    public double Eps { get; }

    /// <summary>The running statistics' update factor; null for a cumulative moving average.</summary>
    public double? Momentum { get; }

    [Parameter]
    public Tensor? Weight { get; }

    [Parameter]
    public Tensor? Bias { get; }

    [Buffer]
    public Tensor RunningMean { get; }

    [Buffer]
    public Tensor RunningVar { get; }

    /// <summary>How many training batches updated the running statistics (saved with them, as PyTorch does).</summary>
    [Buffer]
    public Tensor NumBatchesTracked { get; }

    /// <summary>Normalises [N, C] or [N, C, L] inputs per channel.</summary>
    [Differentiable]
    public Tensor Forward(Tensor input)
    {
        var factor = BatchNormTracking.Factor(NumBatchesTracked, Training, Momentum);
        return Tensor.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, Training, factor, Eps);
    }

    protected override string ExtraRepr() => BatchNormTracking.Repr(NumFeatures, Eps, Momentum, Weight is not null);
}

/// <summary>
/// Batch normalisation of [N, C, H, W] inputs per channel, like <c>torch.nn.BatchNorm2d</c>: in training mode it normalises with the batch's statistics and updates the running ones (buffers
/// <c>running_mean</c>, <c>running_var</c>, <c>num_batches_tracked</c>) with <see cref="Momentum"/>, or with a
/// cumulative average when it is null, as PyTorch does; after <see cref="Module.Eval"/> it uses the running statistics.
/// </summary>
public sealed partial class BatchNorm2d : Module, ILayer
{
    public BatchNorm2d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numFeatures);
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        Weight = affine ? Tensor.Ones(numFeatures).To(dtype) : null;
        Bias = affine ? Tensor.Zeros(numFeatures).To(dtype) : null;
        RunningMean = Tensor.Zeros(numFeatures).To(dtype);
        RunningVar = Tensor.Ones(numFeatures).To(dtype);
        NumBatchesTracked = Tensor.Zeros([], DType.Int64);
    }

    public int NumFeatures { get; }

    public double Eps { get; }

    /// <summary>The running statistics' update factor; null for a cumulative moving average.</summary>
    public double? Momentum { get; }

    [Parameter]
    public Tensor? Weight { get; }

    [Parameter]
    public Tensor? Bias { get; }

    [Buffer]
    public Tensor RunningMean { get; }

    [Buffer]
    public Tensor RunningVar { get; }

    /// <summary>How many training batches updated the running statistics (saved with them, as PyTorch does).</summary>
    [Buffer]
    public Tensor NumBatchesTracked { get; }

    /// <summary>Normalises [N, C, H, W] inputs per channel.</summary>
    [Differentiable]
    public Tensor Forward(Tensor input)
    {
        var factor = BatchNormTracking.Factor(NumBatchesTracked, Training, Momentum);
        return Tensor.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, Training, factor, Eps);
    }

    protected override string ExtraRepr() => BatchNormTracking.Repr(NumFeatures, Eps, Momentum, Weight is not null);
}

/// <summary>The bookkeeping BatchNorm1d and BatchNorm2d share.</summary>
internal static class BatchNormTracking
{
    /// <summary>
    /// Counts a training batch and returns the factor for the running statistics: the momentum, or 1/batches for
    /// a cumulative average (momentum null), as PyTorch's <c>_BatchNorm.forward</c> computes it. Unused in evaluation.
    /// </summary>
    public static double Factor(Tensor numBatchesTracked, bool training, double? momentum)
    {
        if (!training)
        {
            return 0;
        }

        numBatchesTracked.AddInPlace(1);
        return momentum ?? 1.0 / numBatchesTracked.Item<long>();
    }

    public static string Repr(int features, double eps, double? momentum, bool affine) => string.Create(
        CultureInfo.InvariantCulture,
        $"{features}, eps={eps}, momentum={(momentum is { } m ? m.ToString(CultureInfo.InvariantCulture) : "None")}, affine={(affine ? "True" : "False")}");
}

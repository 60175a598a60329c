using AutoDiffGen.Kernels;

namespace AutoDiffGen;

/// <summary>
/// Batch normalisation (like <c>torch.nn.functional.batch_norm</c>) and its gradients, for inputs [N, C],
/// [N, C, L] and [N, C, H, W] (any [N, C, ...]): channel kernels on the CPU (<see cref="NormKernels"/>), a
/// composition of reductions and elementwise ops on other devices.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>
    /// Normalises each channel (dim 1) and applies weight and bias ([C] each, or null). In training mode it uses
    /// the batch's mean and biased variance, and updates <paramref name="runningMean"/> and
    /// <paramref name="runningVar"/> in place (when given) as PyTorch does: r ← (1 − momentum)·r + momentum·batch,
    /// with the unbiased variance for runningVar. In evaluation mode it normalises with the running statistics.
    /// </summary>
    public static Tensor BatchNorm(
        Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null, bool training = false, double momentum = 0.1, double eps = 1e-5)
    {
        var (n, c, s) = CheckBatchNorm(input, runningMean, runningVar, weight, bias, training);
        if (input._storage is not null)
        {
            return BatchNormComposed(input, runningMean, runningVar, weight, bias, training, momentum, eps, n * s);
        }

        var (mean, variance) = BatchNormStats(input, runningMean, runningVar, training, n, c, s);
        var scale = Internal.Scratch.Doubles(c);
        var shift = Internal.Scratch.Doubles(c);
        var w = weight is null ? null : Internal.Scratch.DoublesOf(weight);
        var b = bias is null ? null : Internal.Scratch.DoublesOf(bias);
        for (var ch = 0; ch < c; ch++)
        {
            scale[ch] = (w is null ? 1 : w[ch]) / Math.Sqrt(variance[ch] + eps);
            shift[ch] = (b is null ? 0 : b[ch]) - (mean[ch] * scale[ch]);
        }

        var x = input.Contiguous();
        var result = Allocate(input._dtype, ShapeUtil.Copy(input._shape));
        if (input._dtype == DType.Float32)
        {
            NormKernels.ChannelAffine<float>(x.ContiguousSpan<float>(), n, c, s, scale, shift, result.ContiguousSpan<float>());
        }
        else
        {
            NormKernels.ChannelAffine<double>(x.ContiguousSpan<double>(), n, c, s, scale, shift, result.ContiguousSpan<double>());
        }

        if (training)
        {
            UpdateRunningStats(runningMean, runningVar, FromDoubles(mean, input._dtype, c), FromDoubles(variance, input._dtype, c), momentum, n * s);
        }

        return result;
    }

    /// <summary>The adjoints of BatchNorm's input, weight and bias; each is null when not wanted or when the argument is null.</summary>
    internal static (Tensor? Input, Tensor? Weight, Tensor? Bias) BatchNormGradients(
        Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias, bool training, double eps, Tensor adjoint, bool wantInput, bool wantWeight, bool wantBias)
    {
        var (n, c, s) = CheckBatchNorm(input, runningMean, runningVar, weight, bias, training);
        wantWeight &= weight is not null;
        wantBias &= bias is not null;
        if (input._storage is not null || adjoint._storage is not null)
        {
            return BatchNormGradientsComposed(input, runningMean, runningVar, weight, training, eps, adjoint, wantInput, wantWeight, wantBias);
        }

        // In training the batch statistics are recomputed (the running ones were already updated by the forward).
        var (mean, variance) = BatchNormStats(input, runningMean, runningVar, training, n, c, s);
        var rstd = Internal.Scratch.Doubles(c);
        for (var ch = 0; ch < c; ch++)
        {
            rstd[ch] = 1 / Math.Sqrt(variance[ch] + eps);
        }

        var w = weight is null ? null : Internal.Scratch.DoublesOf(weight);
        var x = input.Contiguous();
        var g = adjoint.To(input._dtype).Contiguous();
        var gx = wantInput ? Allocate(input._dtype, ShapeUtil.Copy(input._shape)) : null;
        var gw = Internal.Scratch.Doubles(c);
        var gb = Internal.Scratch.Doubles(c);
        if (input._dtype == DType.Float32)
        {
            NormKernels.ChannelBackward<float>(x.ContiguousSpan<float>(), g.ContiguousSpan<float>(), n, c, s, mean, rstd, w, training, gx is null ? default : gx.ContiguousSpan<float>(), gw, gb);
        }
        else
        {
            NormKernels.ChannelBackward<double>(x.ContiguousSpan<double>(), g.ContiguousSpan<double>(), n, c, s, mean, rstd, w, training, gx is null ? default : gx.ContiguousSpan<double>(), gw, gb);
        }

        return (gx, wantWeight ? FromDoubles(gw, input._dtype, c) : null, wantBias ? FromDoubles(gb, input._dtype, c) : null);
    }

    /// <summary>Per-channel mean and biased variance: the batch's in training, the running statistics otherwise.</summary>
    private static (double[] Mean, double[] Variance) BatchNormStats(Tensor input, Tensor? runningMean, Tensor? runningVar, bool training, int n, int c, int s)
    {
        if (!training)
        {
            return (Internal.Scratch.DoublesOf(runningMean!), Internal.Scratch.DoublesOf(runningVar!));
        }

        var mean = Internal.Scratch.Doubles(c);
        var variance = Internal.Scratch.Doubles(c);
        var x = input.Contiguous();
        if (input._dtype == DType.Float32)
        {
            NormKernels.ChannelStats<float>(x.ContiguousSpan<float>(), n, c, s, mean, variance);
        }
        else
        {
            NormKernels.ChannelStats<double>(x.ContiguousSpan<double>(), n, c, s, mean, variance);
        }

        return (mean, variance);
    }

    /// <summary>r ← (1 − momentum)·r + momentum·batch, with the unbiased variance (· count / (count − 1)) for the variance.</summary>
    private static void UpdateRunningStats(Tensor? runningMean, Tensor? runningVar, Tensor mean, Tensor variance, double momentum, int count)
    {
        if (runningMean is not null)
        {
            runningMean.MulInPlace(1 - momentum).AddInPlace(mean.To(runningMean._dtype), momentum);
        }

        if (runningVar is not null)
        {
            runningVar.MulInPlace(1 - momentum).AddInPlace(variance.To(runningVar._dtype), momentum * count / (count - 1));
        }
    }

    private static Tensor BatchNormComposed(
        Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias, bool training, double momentum, double eps, int count)
    {
        var (mean, variance) = ComposedStats(input, runningMean, runningVar, training);
        var y = (input - mean).MulInPlace((variance + eps).Sqrt().Reciprocal());
        y = weight is null ? y : y.MulInPlace(ChannelView(weight, input.Dim));
        y = bias is null ? y : y.AddInPlace(ChannelView(bias, input.Dim));
        if (training)
        {
            UpdateRunningStats(runningMean, runningVar, mean.Reshape(-1), variance.Reshape(-1), momentum, count);
        }

        return y;
    }

    private static (Tensor? Input, Tensor? Weight, Tensor? Bias) BatchNormGradientsComposed(
        Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, bool training, double eps, Tensor adjoint, bool wantInput, bool wantWeight, bool wantBias)
    {
        var (mean, variance) = ComposedStats(input, runningMean, runningVar, training);
        var rstd = (variance + eps).Sqrt().Reciprocal();
        var xhat = (input - mean).MulInPlace(rstd);
        var dims = NonChannelDims(input.Dim);
        Tensor? gx = null;
        if (wantInput)
        {
            var scale = weight is null ? rstd : rstd * ChannelView(weight, input.Dim);
            gx = training
                ? (adjoint - adjoint.Mean(dims, keepDim: true)).SubInPlace(xhat * (adjoint * xhat).Mean(dims, keepDim: true)).MulInPlace(scale)
                : adjoint * scale;
        }

        var c = input._shape[1];
        return (gx, wantWeight ? (adjoint * xhat).Sum(dims).Reshape(c) : null, wantBias ? adjoint.Sum(dims).Reshape(c) : null);
    }

    /// <summary>Mean and biased variance shaped [1, C, 1, ...] for broadcasting.</summary>
    private static (Tensor Mean, Tensor Variance) ComposedStats(Tensor input, Tensor? runningMean, Tensor? runningVar, bool training)
    {
        if (!training)
        {
            return (ChannelView(runningMean!.To(input._dtype), input.Dim), ChannelView(runningVar!.To(input._dtype), input.Dim));
        }

        var dims = NonChannelDims(input.Dim);
        var mean = input.Mean(dims, keepDim: true);
        var centered = input - mean;
        return (mean, (centered * centered).Mean(dims, keepDim: true));
    }

    /// <summary>A [C] tensor viewed as [1, C, 1, ...] to broadcast against an input of the given rank.</summary>
    private static Tensor ChannelView(Tensor t, int rank)
    {
        var shape = ShapeUtil.NewInts(rank);
        Array.Fill(shape, 1);
        shape[1] = t._numel;
        return t.Reshape(shape);
    }

    private static int[] NonChannelDims(int rank)
    {
        var dims = ShapeUtil.NewInts(rank - 1);
        dims[0] = 0;
        for (var i = 2; i < rank; i++)
        {
            dims[i - 1] = i;
        }

        return dims;
    }

    private static (int N, int C, int S) CheckBatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckNNFloat(input, "input", "BatchNorm");
        if (input.Dim < 2)
        {
            throw new TensorShapeException(
                $"BatchNorm: expected an input of at least 2 dims [N, C, ...] (e.g. [N, C] or [N, C, H, W]), but got input of size {ShapeUtil.Format(input._shape)}.");
        }

        var (n, c) = (input._shape[0], input._shape[1]);
        var s = ProductOf(input._shape.AsSpan(2));
        CheckChannelVector(input, runningMean, "running_mean", c);
        CheckChannelVector(input, runningVar, "running_var", c);
        CheckChannelVector(input, weight, "weight", c);
        CheckChannelVector(input, bias, "bias", c);

        if (!training && (runningMean is null || runningVar is null))
        {
            throw new ArgumentException(
                "BatchNorm: running_mean and running_var must be given in evaluation mode (training: false); pass training: true to normalise with the batch's statistics.",
                runningMean is null ? nameof(runningMean) : nameof(runningVar));
        }

        if (training && (long)n * s <= 1)
        {
            throw new TensorShapeException(
                $"BatchNorm: Expected more than 1 value per channel when training, got input size {ShapeUtil.Format(input._shape)}.");
        }

        return (n, c, s);
    }

    /// <summary>Checks one per-channel argument (running statistics, weight, bias): null, or [C] like the input.</summary>
    private static void CheckChannelVector(Tensor input, Tensor? t, string what, int c)
    {
        if (t is null)
        {
            return;
        }

        CheckNNLike(input, t, what, "BatchNorm");
        if (t.Dim != 1 || t._shape[0] != c)
        {
            throw new TensorShapeException(
                $"BatchNorm: {what} should contain {c} elements (one per channel, input dim 1 of {ShapeUtil.Format(input._shape)}), but got {what} of size {ShapeUtil.Format(t._shape)}.");
        }
    }
}

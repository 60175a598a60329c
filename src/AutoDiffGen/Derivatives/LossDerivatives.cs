using AutoDiffGen.Kernels;

namespace AutoDiffGen.Derivatives;

/// <summary>
/// Derivative rules of <see cref="Losses"/>. Each returns the adjoint of the input (logits) in one or two passes
/// over it, scaled by the reduction (1/N for a mean, the result's adjoint per sample for <see cref="Reduction.None"/>).
/// Targets get an adjoint too where it is defined (Mse, L1, probability targets of CrossEntropy,
/// BinaryCrossEntropyWithLogits); per-argument rules (Argument = 0) skip that work when the target is data, the
/// usual case. Class indices, <c>labelSmoothing</c> and <c>posWeight</c> are constants.
/// </summary>
public static class LossDerivatives
{
    [DerivativeOf(typeof(Losses), nameof(Losses.Mse))]
    public static (Tensor Input, Tensor Target) Mse(Tensor input, Tensor target, Reduction reduction, Tensor result, Tensor adjoint)
    {
        var g = MseInput(input, target, reduction, result, adjoint);
        return (g, (-g).To(target.DType));
    }

    [DerivativeOf(typeof(Losses), nameof(Losses.Mse), Argument = 0)]
    public static Tensor MseInput(Tensor input, Tensor target, Reduction reduction, Tensor result, Tensor adjoint) =>
        Scale(input - target.To(input.DType), adjoint, reduction, input.NumElements, 2);

    [DerivativeOf(typeof(Losses), nameof(Losses.L1))]
    public static (Tensor Input, Tensor Target) L1(Tensor input, Tensor target, Reduction reduction, Tensor result, Tensor adjoint)
    {
        var g = L1Input(input, target, reduction, result, adjoint);
        return (g, (-g).To(target.DType));
    }

    /// <summary>sign(input − target): 0 where they are equal, as in PyTorch.</summary>
    [DerivativeOf(typeof(Losses), nameof(Losses.L1), Argument = 0)]
    public static Tensor L1Input(Tensor input, Tensor target, Reduction reduction, Tensor result, Tensor adjoint) =>
        Scale((input - target.To(input.DType)).Sign(), adjoint, reduction, input.NumElements, 1);

    [DerivativeOf(typeof(Losses), nameof(Losses.CrossEntropy))]
    public static (Tensor Logits, Tensor Target) CrossEntropy(Tensor logits, Tensor target, Reduction reduction, [NoDiff] double labelSmoothing, Tensor result, Tensor adjoint) =>
        (CrossEntropyLogits(logits, target, reduction, labelSmoothing, result, adjoint), CrossEntropyTarget(logits, target, reduction, labelSmoothing, adjoint));

    /// <summary>(softmax(x)·Σq − q)·scale, with Σq = 1 for class indices: one CPU pass per row writing the exponentials, one normalising.</summary>
    [DerivativeOf(typeof(Losses), nameof(Losses.CrossEntropy), Argument = 0)]
    public static Tensor CrossEntropyLogits(Tensor logits, Tensor target, Reduction reduction, [NoDiff] double labelSmoothing, Tensor result, Tensor adjoint)
    {
        var indices = target.DType == DType.Int64;
        var probabilities = indices ? target : target.To(logits.DType);
        var (rows, classes) = Losses.RowsAndClasses(logits);
        if (logits.Device == Device.Cpu)
        {
            var x = logits.Contiguous();
            var t = probabilities.Contiguous();
            var (scale, perRow) = CpuScale(adjoint, reduction, rows, logits.DType);
            var g = Tensor.Allocate(logits.DType, logits._shape);
            var longs = indices ? t.ContiguousSpan<long>() : default;
            if (logits.DType == DType.Float32)
            {
                LossKernels.CrossEntropyGradientRows<float>(x.ContiguousSpan<float>(), rows, classes, longs, indices ? default : t.ContiguousSpan<float>(), labelSmoothing, scale, perRow is null ? default : perRow.ContiguousSpan<float>(), g.ContiguousSpan<float>());
            }
            else
            {
                LossKernels.CrossEntropyGradientRows<double>(x.ContiguousSpan<double>(), rows, classes, longs, indices ? default : t.ContiguousSpan<double>(), labelSmoothing, scale, perRow is null ? default : perRow.ContiguousSpan<double>(), g.ContiguousSpan<double>());
            }

            return g;
        }

        var q = Losses.SmoothedTarget(probabilities, indices, classes, logits.DType, labelSmoothing);
        var p = logits.Softmax(-1);
        var gradient = indices ? p.SubInPlace(q) : p.MulInPlace(q.Sum(-1, keepDim: true)).SubInPlace(q);
        return Scale(gradient, reduction == Reduction.None ? adjoint.Unsqueeze(-1) : adjoint, reduction, rows, 1);
    }

    [DerivativeOf(typeof(Losses), nameof(Losses.Nll))]
    public static Tensor Nll(Tensor logProbabilities, [NoDiff] Tensor target, Reduction reduction, Tensor result, Tensor adjoint)
    {
        var (rows, classes) = Losses.RowsAndClasses(logProbabilities);
        if (logProbabilities.Device == Device.Cpu)
        {
            var (scale, perRow) = CpuScale(adjoint, reduction, rows, logProbabilities.DType);
            var g = Tensor.AllocateZeroed(logProbabilities.DType, logProbabilities._shape);
            var t = target.Contiguous().ContiguousSpan<long>();
            if (g.DType == DType.Float32)
            {
                LossKernels.NllGradientRows<float>(g.ContiguousSpan<float>(), rows, classes, t, scale, perRow is null ? default : perRow.ContiguousSpan<float>());
            }
            else
            {
                LossKernels.NllGradientRows<double>(g.ContiguousSpan<double>(), rows, classes, t, scale, perRow is null ? default : perRow.ContiguousSpan<double>());
            }

            return g;
        }

        var mask = Losses.OneHot(target, classes).To(logProbabilities.DType);
        return Scale(mask, reduction == Reduction.None ? adjoint.Unsqueeze(-1) : adjoint, reduction, rows, -1);
    }

    [DerivativeOf(typeof(Losses), nameof(Losses.BinaryCrossEntropyWithLogits))]
    public static (Tensor Logits, Tensor Target) BinaryCrossEntropyWithLogits(Tensor logits, Tensor target, Tensor result, Tensor adjoint) =>
        BinaryCrossEntropyWithLogits(logits, target, Reduction.Mean, null, result, adjoint);

    [DerivativeOf(typeof(Losses), nameof(Losses.BinaryCrossEntropyWithLogits), Argument = 0)]
    public static Tensor BinaryCrossEntropyWithLogitsInput(Tensor logits, Tensor target, Tensor result, Tensor adjoint) =>
        BinaryCrossEntropyWithLogitsInput(logits, target, Reduction.Mean, null, result, adjoint);

    [DerivativeOf(typeof(Losses), nameof(Losses.BinaryCrossEntropyWithLogits))]
    public static (Tensor Logits, Tensor Target) BinaryCrossEntropyWithLogits(Tensor logits, Tensor target, Reduction reduction, Tensor result, Tensor adjoint) =>
        BinaryCrossEntropyWithLogits(logits, target, reduction, null, result, adjoint);

    [DerivativeOf(typeof(Losses), nameof(Losses.BinaryCrossEntropyWithLogits), Argument = 0)]
    public static Tensor BinaryCrossEntropyWithLogitsInput(Tensor logits, Tensor target, Reduction reduction, Tensor result, Tensor adjoint) =>
        BinaryCrossEntropyWithLogitsInput(logits, target, reduction, null, result, adjoint);

    [DerivativeOf(typeof(Losses), nameof(Losses.BinaryCrossEntropyWithLogits))]
    public static (Tensor Logits, Tensor Target) BinaryCrossEntropyWithLogits(Tensor logits, Tensor target, Reduction reduction, [NoDiff] Tensor? posWeight, Tensor result, Tensor adjoint)
    {
        // ∂/∂y of (1 − y)·x + (1 + (w − 1)·y)·softplus(−x) is −x + (w − 1)·softplus(−x); without w it is −x.
        var y = target.To(logits.DType);
        var dy = posWeight is null
            ? -logits
            : (((-logits.Abs()).Exp() + 1).Log() + (-logits).Relu()).MulInPlace(posWeight.To(logits.DType) - 1).SubInPlace(logits);
        var gy = Scale(dy, adjoint, reduction, logits.NumElements, 1).To(target.DType);
        return (BinaryCrossEntropyWithLogitsInput(logits, y, reduction, posWeight, result, adjoint), gy);
    }

    /// <summary>sigmoid(x) − y; with a positive weight w, (1 − y) + (1 + (w − 1)·y)·(sigmoid(x) − 1).</summary>
    [DerivativeOf(typeof(Losses), nameof(Losses.BinaryCrossEntropyWithLogits), Argument = 0)]
    public static Tensor BinaryCrossEntropyWithLogitsInput(Tensor logits, Tensor target, Reduction reduction, [NoDiff] Tensor? posWeight, Tensor result, Tensor adjoint)
    {
        var y = target.To(logits.DType);
        var g = posWeight is null
            ? logits.Sigmoid().SubInPlace(y)
            : (logits.Sigmoid() - 1).MulInPlace(((posWeight.To(logits.DType) - 1) * y) + 1).SubInPlace(y).AddInPlace(1L);
        return Scale(g, adjoint, reduction, logits.NumElements, 1);
    }

    /// <summary>A probability target's adjoint: −(1 − ε)·logSoftmax(x)·scale (zero for class indices, which are constants).</summary>
    private static Tensor CrossEntropyTarget(Tensor logits, Tensor target, Reduction reduction, double labelSmoothing, Tensor adjoint)
    {
        if (target.DType == DType.Int64)
        {
            return Tensor.ZerosLike(target);
        }

        var g = logits.LogSoftmax(-1);
        return Scale(g, reduction == Reduction.None ? adjoint.Unsqueeze(-1) : adjoint, reduction, Losses.RowsAndClasses(logits).Rows, -(1 - labelSmoothing)).To(target.DType);
    }

    /// <summary>g·factor·adjoint for Sum, g·factor·adjoint/count for Mean, g·factor·adjoint (broadcast) for None; in place.</summary>
    private static Tensor Scale(Tensor g, Tensor adjoint, Reduction reduction, int count, double factor) => reduction switch
    {
        Reduction.None => factor == 1 ? g.MulInPlace(adjoint) : g.MulInPlace(adjoint).MulInPlace(factor),
        Reduction.Sum => g.MulInPlace(factor * adjoint.ScalarValue()),
        _ => g.MulInPlace(factor * adjoint.ScalarValue() / Math.Max(1, count)),
    };

    /// <summary>The CPU kernels' scale: a number, and for <see cref="Reduction.None"/> the per-row adjoints.</summary>
    private static (double Scale, Tensor? PerRow) CpuScale(Tensor adjoint, Reduction reduction, int rows, DType dtype) => reduction switch
    {
        Reduction.None => (1, adjoint.To(dtype).Contiguous()),
        Reduction.Sum => (adjoint.ScalarValue(), null),
        _ => (adjoint.ScalarValue() / Math.Max(1, rows), null),
    };
}

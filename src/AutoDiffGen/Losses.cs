using AutoDiffGen.Kernels;

namespace AutoDiffGen;

/// <summary>
/// Loss functions with PyTorch's names, arguments and results (<c>F.mse_loss</c>, <c>F.l1_loss</c>,
/// <c>F.cross_entropy</c>, <c>F.nll_loss</c>, <c>F.binary_cross_entropy_with_logits</c>), for use inside
/// <c>[Differentiable]</c> methods: each has a derivative rule in <c>AutoDiffGen.Derivatives.LossDerivatives</c>.
/// They are built from tensor operations, so they run on the device their inputs live on; the softmax losses have a
/// one-pass CPU path. Shapes and element types are checked, and a mistake throws a typed exception that says what
/// is wrong and how to fix the call.
/// </summary>
/// <remarks>
/// Numerics: <see cref="CrossEntropy"/> works from the log-sum-exp of each row, so logits of any size (±1e4 in
/// float32, say) give finite losses and gradients, and classes masked with −∞ logits are allowed: they get
/// probability zero and cost nothing unless the target puts weight on them (then the loss is +∞, as it should
/// be). A row whose logits are all −∞ has no distribution: its loss and gradient are NaN, as in PyTorch; mask
/// such rows out (or give them one finite logit) before the loss.
/// </remarks>
public static partial class Losses
{
    /// <summary>
    /// Mean squared error, (input − target)² reduced (like <c>F.mse_loss</c>). The shapes must be equal (PyTorch
    /// would broadcast them with a warning, which is almost always a bug). The target may be differentiated too.
    /// </summary>
    public static Tensor Mse(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        target = CheckPair(input, target, reduction, "Mse");
        return Reduce((input - target).Square(), reduction);
    }

    /// <summary>
    /// Mean absolute error, |input − target| reduced (like <c>F.l1_loss</c>). Its gradient at input = target is 0,
    /// as in PyTorch.
    /// </summary>
    public static Tensor L1(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        target = CheckPair(input, target, reduction, "L1");
        return Reduce((input - target).Abs(), reduction);
    }

    /// <summary>
    /// Cross-entropy of softmax(<paramref name="logits"/>) against a target (like <c>F.cross_entropy</c>).
    /// <paramref name="logits"/> is N×C (or C for one sample); <paramref name="target"/> is either Int64 class
    /// indices in [0, C) of shape N (a 0-d tensor for one sample) or class probabilities shaped like the logits.
    /// <see cref="Reduction.Mean"/> divides by N. <paramref name="labelSmoothing"/> ε in [0, 1] mixes the target
    /// with the uniform distribution: q = (1 − ε)·target + ε/C.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor target, Reduction reduction = Reduction.Mean, double labelSmoothing = 0)
    {
        var indices = CheckClassification(logits, ref target, reduction, "CrossEntropy", true);
        CheckSmoothing(labelSmoothing);
        if (logits.Device == Device.Cpu)
        {
            var x = logits.Contiguous();
            var t = target.Contiguous();
            var (rows, classes) = RowsAndClasses(logits);
            var loss = Tensor.Allocate(logits.DType, logits.Dim == 2 ? ShapeUtil.Of(rows) : []);
            var longs = indices ? t.ContiguousSpan<long>() : default;
            if (logits.DType == DType.Float32)
            {
                LossKernels.CrossEntropyRows<float>(x.ContiguousSpan<float>(), rows, classes, longs, indices ? default : t.ContiguousSpan<float>(), labelSmoothing, loss.ContiguousSpan<float>());
            }
            else
            {
                LossKernels.CrossEntropyRows<double>(x.ContiguousSpan<double>(), rows, classes, longs, indices ? default : t.ContiguousSpan<double>(), labelSmoothing, loss.ContiguousSpan<double>());
            }

            return Reduce(loss, reduction);
        }

        return Reduce(CrossEntropyFromTensors(logits, target, indices, labelSmoothing), reduction);
    }

    /// <summary>
    /// Negative log-likelihood of Int64 class indices under <paramref name="logProbabilities"/> (like
    /// <c>F.nll_loss</c>): −logProbabilities[n, target[n]], reduced. Use it after <see cref="Tensor.LogSoftmax"/>;
    /// <see cref="CrossEntropy"/> does both in one step.
    /// </summary>
    public static Tensor Nll(Tensor logProbabilities, Tensor target, Reduction reduction = Reduction.Mean)
    {
        CheckClassification(logProbabilities, ref target, reduction, "Nll", false);
        if (logProbabilities.Device == Device.Cpu)
        {
            var x = logProbabilities.Contiguous();
            var t = target.Contiguous().ContiguousSpan<long>();
            var (rows, classes) = RowsAndClasses(logProbabilities);
            var loss = Tensor.Allocate(x.DType, x.Dim == 2 ? ShapeUtil.Of(rows) : []);
            if (x.DType == DType.Float32)
            {
                LossKernels.NllRows<float>(x.ContiguousSpan<float>(), rows, classes, t, loss.ContiguousSpan<float>());
            }
            else
            {
                LossKernels.NllRows<double>(x.ContiguousSpan<double>(), rows, classes, t, loss.ContiguousSpan<double>());
            }

            return Reduce(loss, reduction);
        }

        var mask = OneHot(target, logProbabilities.Size(-1));
        return Reduce(-Tensor.Where(mask, logProbabilities, Tensor.Zeros([], logProbabilities.DType, logProbabilities.Device)).Sum(-1), reduction);
    }

    /// <summary>
    /// <see cref="BinaryCrossEntropyWithLogits(Tensor, Tensor, Reduction, Tensor?)"/> with the mean and no positive
    /// weight. Calls that leave posWeight out bind to this overload or the next, so generated gradient code never
    /// passes a null tensor.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor target) =>
        BinaryCrossEntropyWithLogits(logits, target, Reduction.Mean, null);

    /// <summary><see cref="BinaryCrossEntropyWithLogits(Tensor, Tensor, Reduction, Tensor?)"/> without a positive weight.</summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor target, Reduction reduction) =>
        BinaryCrossEntropyWithLogits(logits, target, reduction, null);

    /// <summary>
    /// Binary cross-entropy of sigmoid(<paramref name="logits"/>) against targets in [0, 1] of the same shape (like
    /// <c>F.binary_cross_entropy_with_logits</c>), in the stable form max(x, 0) − x·y + log(1 + exp(−|x|)).
    /// <paramref name="posWeight"/>, broadcast against the logits (one weight per class, usually), weighs the
    /// positive term: (1 − y)·x + (1 + (w − 1)·y)·log(1 + exp(−x)). It is a constant to differentiation.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor target, Reduction reduction = Reduction.Mean, Tensor? posWeight = null)
    {
        target = CheckPair(logits, target, reduction, "BinaryCrossEntropyWithLogits");
        posWeight = CheckPosWeight(logits, posWeight);
        var softplusOfMinusAbs = ((-logits.Abs()).Exp() + 1).Log();
        if (posWeight is null)
        {
            return Reduce(logits.Relu() - (logits * target) + softplusOfMinusAbs, reduction);
        }

        var logWeight = ((posWeight - 1) * target) + 1;
        return Reduce(((1 - target) * logits) + (logWeight * (softplusOfMinusAbs + (-logits).Relu())), reduction);
    }

    /// <summary>Per-sample cross-entropy from tensor operations (any device): −Σ_c q_c·logSoftmax(x)_c over q_c ≠ 0.</summary>
    internal static Tensor CrossEntropyFromTensors(Tensor logits, Tensor target, bool indices, double labelSmoothing)
    {
        var logp = logits.LogSoftmax(-1);
        var q = SmoothedTarget(target, indices, logits.Size(-1), logits.DType, labelSmoothing);

        // Where, not a product alone: 0·(−∞) from a masked class would be NaN.
        return -Tensor.Where(q.Ne(0), q * logp, Tensor.Zeros([], logits.DType, logits.Device)).Sum(-1);
    }

    /// <summary>The target distribution q = (1 − ε)·target + ε/C, with a class index as its one-hot row.</summary>
    internal static Tensor SmoothedTarget(Tensor target, bool indices, int classes, DType dtype, double labelSmoothing)
    {
        var q = indices ? OneHot(target, classes).To(dtype) : target;
        return labelSmoothing > 0 ? (q * (1 - labelSmoothing)) + (labelSmoothing / classes) : q;
    }

    /// <summary>A bool mask shaped target.Shape + [C], true at each target's class (compares with an arange on the target's device).</summary>
    internal static Tensor OneHot(Tensor target, int classes)
    {
        var range = Tensor.Arange(classes);
        if (target.Device != Device.Cpu)
        {
            range = range.To(target.Device);
        }

        return target.Unsqueeze(-1).Eq(range);
    }

    /// <summary>Rows (N, or 1 for a single sample of C logits) and classes (C).</summary>
    internal static (int Rows, int Classes) RowsAndClasses(Tensor logits) =>
        (logits.Dim == 2 ? logits.Size(0) : 1, logits.Size(-1));

    private static Tensor Reduce(Tensor perElement, Reduction reduction) => reduction switch
    {
        Reduction.Mean => perElement.Mean(),
        Reduction.Sum => perElement.Sum(),
        _ => perElement,
    };
}

namespace AutoDiffGen;

/// <summary>Argument checks of the losses: every message names the loss, what is wrong, and what to do.</summary>
public static partial class Losses
{
    /// <summary>Checks an elementwise loss's pair; returns the target in the input's dtype.</summary>
    internal static Tensor CheckPair(Tensor input, Tensor target, Reduction reduction, string name)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        CheckReduction(reduction);
        CheckFloat(input, "input", name);
        CheckDevice(input, target, name);
        if (!target.DType.IsFloatingPoint())
        {
            throw new TensorDTypeException(
                $"{name}: target must be floating point like the input ({input.DType}), got {target.DType}. " +
                $"Convert it first, e.g. target.To(DType.{input.DType}).");
        }

        if (!input.Shape.Equals(target.Shape))
        {
            throw new TensorShapeException(
                $"{name}: input shape {input.Shape} and target shape {target.Shape} differ. The loss compares them " +
                "element by element and does not broadcast (a [N, 1] input against a [N] target would compare every " +
                "input with every target). Make the shapes equal, e.g. target.Reshape(input.Shape) or input.Squeeze(-1).");
        }

        return target.To(input.DType);
    }

    /// <summary>
    /// Checks logits (N×C or C) and a target of Int64 class indices or (when allowed) probabilities; returns whether
    /// the target holds class indices. Probabilities are converted to the logits' dtype.
    /// </summary>
    internal static bool CheckClassification(Tensor logits, ref Tensor target, Reduction reduction, string name, bool allowProbabilities)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(target);
        CheckReduction(reduction);
        var what = allowProbabilities ? "logits" : "logProbabilities";
        CheckFloat(logits, what, name);
        if (logits.Dim is not (1 or 2))
        {
            throw new TensorShapeException(
                $"{name}: expected {what} of shape [N, C] (a batch) or [C] (one sample), got {logits.Shape}. " +
                "For [N, C, d1, ...] move the class dim last and flatten: x.Permute(0, 2, ..., 1).Reshape(-1, C), " +
                "with the target flattened to match.");
        }

        CheckDevice(logits, target, name);
        var classes = logits.Size(-1);
        if (target.DType == DType.Int64)
        {
            ReadOnlySpan<int> expected = logits.Dim == 2 ? [logits.Size(0)] : [];
            if (!target.Shape.AsSpan().SequenceEqual(expected))
            {
                throw new TensorShapeException(
                    $"{name}: a target of class indices for {what} of shape {logits.Shape} must have shape " +
                    $"{ShapeUtil.Format(expected)} (one index per sample), got {target.Shape}." +
                    (target.NumElements == (logits.Dim == 2 ? logits.Size(0) : 1) ? " Reshape it, e.g. target.Reshape(-1)." : string.Empty));
            }

            CheckRange(target, classes, name);
            return true;
        }

        if (allowProbabilities && target.DType.IsFloatingPoint())
        {
            if (!target.Shape.Equals(logits.Shape))
            {
                throw new TensorShapeException(
                    $"{name}: a target of class probabilities must have the logits' shape {logits.Shape}, got {target.Shape}. " +
                    "For class indices use an Int64 tensor of shape [N].");
            }

            target = target.To(logits.DType);
            return false;
        }

        throw new TensorDTypeException(allowProbabilities
            ? $"{name}: target must hold Int64 class indices (shape [N]) or floating-point class probabilities (shape [N, C]), " +
              $"got {target.DType}. Convert indices with target.To(DType.Int64), probabilities with target.To(DType.{logits.DType})."
            : $"{name}: target must hold Int64 class indices (shape [N]), got {target.DType}. Convert with target.To(DType.Int64).");
    }

    internal static Tensor? CheckPosWeight(Tensor logits, Tensor? posWeight)
    {
        if (posWeight is null)
        {
            return null;
        }

        const string name = "BinaryCrossEntropyWithLogits";
        CheckDevice(logits, posWeight, name);
        if (!posWeight.DType.IsFloatingPoint())
        {
            throw new TensorDTypeException($"{name}: posWeight must be floating point, got {posWeight.DType}. Convert it, e.g. posWeight.To(DType.{logits.DType}).");
        }

        var fits = posWeight.Dim <= logits.Dim;
        for (var i = 1; fits && i <= posWeight.Dim; i++)
        {
            fits = posWeight.Shape[^i] == 1 || posWeight.Shape[^i] == logits.Shape[^i];
        }

        if (!fits)
        {
            throw new TensorShapeException(
                $"{name}: posWeight of shape {posWeight.Shape} does not broadcast to the logits' shape {logits.Shape}. " +
                "Give one weight per class (shape [C] for [N, C] logits) or one per element.");
        }

        return posWeight.To(logits.DType);
    }

    internal static void CheckSmoothing(double labelSmoothing)
    {
        if (!(labelSmoothing is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing,
                "CrossEntropy: labelSmoothing must be in [0, 1] (0 is none; 0.1 is usual).");
        }
    }

    private static void CheckReduction(Reduction reduction)
    {
        if (reduction is not (Reduction.Mean or Reduction.Sum or Reduction.None))
        {
            throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Use Reduction.Mean, Reduction.Sum or Reduction.None.");
        }
    }

    private static void CheckFloat(Tensor x, string what, string name)
    {
        if (!x.DType.IsFloatingPoint())
        {
            throw new TensorDTypeException(
                $"{name}: {what} must be floating point, got {x.DType}. Convert it first, e.g. {what}.To(DType.Float32).");
        }
    }

    private static void CheckDevice(Tensor x, Tensor other, string name)
    {
        if (x.Device != other.Device)
        {
            throw new TensorDeviceException(
                $"{name}: expected all tensors on the same device, but found {x.Device} and {other.Device}. " +
                $"Move them first, e.g. target.To({(x.Device == Device.Cpu ? "Device.Cpu" : $"Device.OpenCL({x.Device.Index})")}).");
        }
    }

    private static void CheckRange(Tensor target, int classes, string name)
    {
        if (target.NumElements == 0)
        {
            return;
        }

        if (target.Min().Item<long>() >= 0 && target.Max().Item<long>() < classes)
        {
            return;
        }

        ThrowOutOfRange(target, classes, name);
    }

    // Apart from CheckRange: its lambda's closure would otherwise be allocated on every (valid) call.
    private static void ThrowOutOfRange(Tensor target, int classes, string name)
    {
        var values = target.Cpu().Contiguous().ToArray<long>();
        var i = Array.FindIndex(values, v => v < 0 || v >= classes);
        var where = target.Dim == 0 ? "target" : $"target[{i}]";
        throw new ArgumentOutOfRangeException(nameof(target), values[i],
            $"{name}: {where} = {values[i]} is out of range for {classes} classes; class indices must be in [0, {classes - 1}]. " +
            "(PyTorch's ignore_index is not supported: drop those samples before the loss.)");
    }
}

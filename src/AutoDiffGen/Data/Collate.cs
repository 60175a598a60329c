namespace AutoDiffGen;

/// <summary>
/// Turns the samples of one batch into the batch a <see cref="DataLoader{TSample, TBatch}"/> yields (like PyTorch's
/// <c>collate_fn</c>). The span is the loader's reused buffer: valid only during the call, so keep the batch, not
/// the span. It may be called from several worker threads at once.
/// </summary>
public delegate TBatch CollateFunction<TSample, TBatch>(ReadOnlySpan<TSample> samples);

/// <summary>
/// The collate functions the non-generic <see cref="DataLoader"/> uses, public for custom loaders: each allocates
/// exactly the batch tensors and copies every sample once into its row.
/// </summary>
/// <remarks>
/// Called by a loader built with <c>reuseBatches: true</c>, <see cref="Stack"/> (and so <see cref="Pairs"/> and
/// <see cref="Labeled"/>) writes into the arrays of a batch the caller has moved past instead of allocating (see
/// <see cref="DataLoader{TSample, TBatch}"/>); called anywhere else, it returns a new tensor.
/// </remarks>
public static class Collate
{
    /// <summary>
    /// Stacks equal-shaped samples along a new first dimension (like <c>default_collate</c> for tensors): n samples
    /// of shape [C, H, W] make one tensor of shape [n, C, H, W].
    /// </summary>
    /// <exception cref="TensorShapeException">Two samples have different shapes.</exception>
    /// <exception cref="TensorDTypeException">Two samples have different dtypes.</exception>
    public static Tensor Stack(ReadOnlySpan<Tensor> samples)
    {
        if (samples.IsEmpty)
        {
            throw new ArgumentException("Collate.Stack: a batch needs at least one sample.", nameof(samples));
        }

        var first = samples[0] ?? throw new ArgumentNullException(nameof(samples), "Collate.Stack: sample 0 is null.");
        for (var k = 1; k < samples.Length; k++)
        {
            Check(first, samples[k], k);
        }

        if (first.Device != Device.Cpu)
        {
            return Tensor.Stack(samples);
        }

        var shape = new int[first.Dim + 1];
        shape[0] = samples.Length;
        first._shape.CopyTo(shape, 1);
        var result = BatchBuffers.Allocate(first.DType, shape);
        switch (first.DType)
        {
            case DType.Float32: StackInto<float>(samples, result); break;
            case DType.Float64: StackInto<double>(samples, result); break;
            case DType.Int64: StackInto<long>(samples, result); break;
            case DType.Int32: StackInto<int>(samples, result); break;
            default: StackInto<bool>(samples, result); break;
        }

        return result;
    }

    /// <summary>Stacks the inputs and the targets of <c>(Tensor, Tensor)</c> samples (what <see cref="TensorDataset"/> yields).</summary>
    public static (Tensor Input, Tensor Target) Pairs(ReadOnlySpan<(Tensor Input, Tensor Target)> samples)
    {
        var inputs = new Tensor[samples.Length];
        var targets = new Tensor[samples.Length];
        for (var k = 0; k < samples.Length; k++)
        {
            (inputs[k], targets[k]) = samples[k];
        }

        return (Stack(inputs), Stack(targets));
    }

    /// <summary>
    /// Stacks the inputs of <c>(Tensor, long)</c> samples (a reader's images after a transform) and gathers the labels
    /// into an int64 tensor of shape [n], the class indices <c>Losses.CrossEntropy</c> takes.
    /// </summary>
    public static (Tensor Input, Tensor Target) Labeled(ReadOnlySpan<(Tensor Input, long Label)> samples)
    {
        var inputs = new Tensor[samples.Length];
        var labels = new long[samples.Length];
        for (var k = 0; k < samples.Length; k++)
        {
            (inputs[k], labels[k]) = samples[k];
        }

        return (Stack(inputs), new Tensor(labels, DType.Int64, [samples.Length]));
    }

    private static void Check(Tensor first, Tensor? sample, int k)
    {
        if (sample is null)
        {
            throw new ArgumentNullException(nameof(sample), $"Collate.Stack: sample {k} of the batch is null.");
        }

        if (!sample._shape.AsSpan().SequenceEqual(first._shape))
        {
            throw ShapeMismatch(k, sample.Shape, first.Shape);
        }

        if (sample.DType != first.DType || sample.Device != first.Device)
        {
            throw new TensorDTypeException(
                $"Collate.Stack: sample {k} of the batch is {sample.DType} on {sample.Device} but sample 0 is " +
                $"{first.DType} on {first.Device}; convert the samples to one dtype and device in the dataset.");
        }
    }

    /// <summary>The error for sample <paramref name="k"/> of a batch whose shape differs from sample 0's.</summary>
    internal static TensorShapeException ShapeMismatch(int k, TensorShape sample, TensorShape first) =>
        new($"Collate.Stack: sample {k} of the batch has shape {sample} but sample 0 has {first}; samples " +
            "are stacked into one tensor, so they need equal shapes (Resize or crop images with a transform, or pass " +
            "your own collate function, e.g. one that pads).");

    private static void StackInto<T>(ReadOnlySpan<Tensor> samples, Tensor result)
        where T : unmanaged
    {
        var destination = result.ContiguousSpan<T>();
        var size = samples[0].NumElements;
        var strides = ShapeUtil.ContiguousStrides(samples[0]._shape);
        for (var k = 0; k < samples.Length; k++)
        {
            var sample = samples[k];
            if (sample.IsContiguous)
            {
                sample.ContiguousSpan<T>().CopyTo(destination.Slice(k * size, size));
            }
            else
            {
                // A strided view (a crop, a transposed image): copy through a row view of the batch.
                Tensor.CopyStrided<T>(sample, sample._strides, result.WithLayout(sample._shape, strides, k * size));
            }
        }
    }
}

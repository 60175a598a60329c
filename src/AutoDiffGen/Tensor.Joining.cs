namespace AutoDiffGen;

/// <summary>Joining and splitting: <c>Cat</c>, <c>Stack</c> copy; <c>Chunk</c>, <c>Split</c> return views.</summary>
public sealed partial class Tensor
{
    /// <summary>Concatenates along an existing dim (like <c>torch.cat([a, b], dim)</c>); sizes must match except in dim.</summary>
    public static Tensor Cat(ReadOnlySpan<Tensor> tensors, int dim = 0)
    {
        if (tensors.IsEmpty)
        {
            throw new ArgumentException("Cat: expected a non-empty list of tensors.", nameof(tensors));
        }

        // As PyTorch, 1-D empty tensors are skipped (a legacy rule that lets code start from torch.tensor([])).
        Tensor? first = null;
        var dtype = tensors[0]._dtype;
        var total = 0;
        foreach (var t in tensors)
        {
            ArgumentNullException.ThrowIfNull(t, nameof(tensors));
            dtype = DTypeExtensions.Promote(dtype, t._dtype);
            if (t.Dim == 1 && t._numel == 0)
            {
                continue;
            }

            first ??= t;
        }

        if (first is null)
        {
            return Empty([0], dtype);
        }

        if (first.Dim == 0)
        {
            throw new TensorShapeException("Cat: zero-dimensional tensor cannot be concatenated; use Stack, or Unsqueeze(0) first.");
        }

        var d = ShapeUtil.NormalizeDim(dim, first.Dim, "Cat");
        for (var k = 0; k < tensors.Length; k++)
        {
            var t = tensors[k];
            if (t.Dim == 1 && t._numel == 0)
            {
                continue;
            }

            if (t.Dim != first.Dim)
            {
                throw new TensorShapeException(
                    $"Cat: tensors must have the same number of dimensions: got {first.Dim} and {t.Dim} " +
                    $"(shapes {ShapeUtil.Format(first._shape)} and {ShapeUtil.Format(t._shape)} at position {k}).");
            }

            for (var i = 0; i < t.Dim; i++)
            {
                if (i != d && t._shape[i] != first._shape[i])
                {
                    throw new TensorShapeException(
                        $"Cat: sizes of tensors must match except in dimension {d}. Expected size {first._shape[i]} but got size {t._shape[i]} " +
                        $"for tensor number {k} in the list (shapes {ShapeUtil.Format(first._shape)} and {ShapeUtil.Format(t._shape)}).");
                }
            }

            total += t._shape[d];
        }

        var shape = ShapeUtil.Copy(first._shape);
        shape[d] = total;
        var result = AllocateForJoin(tensors, first, dtype, shape, "Cat");
        var at = 0;
        foreach (var t in tensors)
        {
            if (t.Dim == 1 && t._numel == 0)
            {
                continue;
            }

            var size = t._shape[d];
            result.Narrow(d, at, size).CopyFrom(t);
            at += size;
        }

        return result;
    }

    /// <summary>Concatenates an array of tensors along a dim (resolves the call for compilers without first-class spans).</summary>
    public static Tensor Cat(Tensor[] tensors, int dim = 0) => Cat((ReadOnlySpan<Tensor>)tensors, dim);

    /// <summary>Concatenates a sequence of tensors along a dim.</summary>
    public static Tensor Cat(IEnumerable<Tensor> tensors, int dim = 0) => Cat([.. tensors], dim);

    /// <summary>Stacks equal-shaped tensors along a new dim (like <c>torch.stack</c>: four 7-vectors → 4x7).</summary>
    public static Tensor Stack(ReadOnlySpan<Tensor> tensors, int dim = 0)
    {
        if (tensors.IsEmpty)
        {
            throw new ArgumentException("Stack: expected a non-empty list of tensors.", nameof(tensors));
        }

        var first = tensors[0] ?? throw new ArgumentNullException(nameof(tensors));
        var d = ShapeUtil.NormalizeDim(dim, first.Dim + 1, "Stack");
        var expanded = new Tensor[tensors.Length];
        for (var k = 0; k < tensors.Length; k++)
        {
            var t = tensors[k] ?? throw new ArgumentNullException(nameof(tensors));
            if (!t._shape.AsSpan().SequenceEqual(first._shape))
            {
                throw new TensorShapeException(
                    $"Stack: expects each tensor to be equal size, but got {ShapeUtil.Format(first._shape)} at entry 0 " +
                    $"and {ShapeUtil.Format(t._shape)} at entry {k}.");
            }

            expanded[k] = t.Unsqueeze(d);
        }

        return Cat(expanded, d);
    }

    /// <summary>Stacks an array of equal-shaped tensors along a new dim.</summary>
    public static Tensor Stack(Tensor[] tensors, int dim = 0) => Stack((ReadOnlySpan<Tensor>)tensors, dim);

    /// <summary>Stacks a sequence of equal-shaped tensors along a new dim.</summary>
    public static Tensor Stack(IEnumerable<Tensor> tensors, int dim = 0) => Stack([.. tensors], dim);

    /// <summary>
    /// Splits into at most <paramref name="chunks"/> views of ceil(size / chunks) along dim (like <c>x.chunk(3)</c>);
    /// the last may be smaller and fewer chunks may come back, as in PyTorch.
    /// </summary>
    public Tensor[] Chunk(int chunks, int dim = 0)
    {
        if (chunks <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(chunks), chunks, "Chunk: number of chunks must be greater than 0.");
        }

        var d = ShapeUtil.NormalizeDim(dim, Dim, "Chunk");
        var size = _shape[d];
        var each = (size + chunks - 1) / chunks;
        return size == 0 ? [.. Enumerable.Repeat(this, chunks).Select(t => t.Narrow(d, 0, 0))] : Split(each, d);
    }

    /// <summary>Views of <paramref name="splitSize"/> along dim (like <c>x.split(2)</c>); the last may be smaller.</summary>
    public Tensor[] Split(int splitSize, int dim = 0)
    {
        var d = ShapeUtil.NormalizeDim(dim, Dim, "Split");
        var size = _shape[d];
        if (splitSize < 0 || (splitSize == 0 && size != 0))
        {
            throw new ArgumentOutOfRangeException(
                nameof(splitSize), splitSize, $"Split: split size must be positive for a non-empty dimension of size {size}.");
        }

        if (size == 0)
        {
            return [Narrow(d, 0, 0)];
        }

        var count = (size + splitSize - 1) / splitSize;
        var result = new Tensor[count];
        for (var i = 0; i < count; i++)
        {
            var start = i * splitSize;
            result[i] = Narrow(d, start, Math.Min(splitSize, size - start));
        }

        return result;
    }

    /// <summary>Views with the given sizes along dim (like <c>x.split([1, 3])</c>); the sizes must add up to the dim's size.</summary>
    public Tensor[] Split(int[] sizes, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        var d = ShapeUtil.NormalizeDim(dim, Dim, "Split");
        var total = 0;
        foreach (var s in sizes)
        {
            if (s < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(sizes), $"Split: sizes must be non-negative, got {ShapeUtil.Format(sizes)}.");
            }

            total += s;
        }

        if (total != _shape[d])
        {
            throw new TensorShapeException(
                $"Split: split sizes {ShapeUtil.Format(sizes)} add up to {total}, but dimension {d} has size {_shape[d]} (shape {ShapeUtil.Format(_shape)}).");
        }

        var result = new Tensor[sizes.Length];
        var at = 0;
        for (var i = 0; i < sizes.Length; i++)
        {
            result[i] = Narrow(d, at, sizes[i]);
            at += sizes[i];
        }

        return result;
    }

    /// <summary>Removes a dim, returning the slices along it (like <c>x.unbind(dim)</c>).</summary>
    public Tensor[] Unbind(int dim = 0)
    {
        var d = ShapeUtil.NormalizeDim(dim, Dim, "Unbind");
        var result = new Tensor[_shape[d]];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Select(d, i);
        }

        return result;
    }
}

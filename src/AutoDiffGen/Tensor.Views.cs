namespace AutoDiffGen;

/// <summary>Views: new shapes and strides over the same storage. None of these copy (Reshape copies only when it must).</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// The same elements seen with another shape (like <c>x.view(-1, 4, 4)</c>); one size may be -1 and is inferred.
    /// Shares storage, so it needs a compatible layout: a transposed view usually is not, and the error says to use
    /// <see cref="Reshape"/> or <see cref="Contiguous"/>.
    /// </summary>
    public Tensor View(params int[] shape)
    {
        var newShape = ShapeUtil.InferSize(shape, _numel, "View");
        var strides = ComputeViewStrides(newShape);
        return strides is null
            ? throw new InvalidOperationException(
                $"View: view size is not compatible with input tensor's size and stride (shape {ShapeUtil.Format(_shape)}, " +
                $"strides {ShapeUtil.Format(_strides)}, requested {ShapeUtil.Format(newShape)}): at least one dimension spans " +
                "across two contiguous subspaces. Use Reshape(...) instead, or call Contiguous() before View(...).")
            : WithLayout(newShape, strides, _offset);
    }

    /// <summary>Like <see cref="View"/>, but copies when the layout does not allow a view (like <c>x.reshape(2, -1, 1)</c>).</summary>
    public Tensor Reshape(params int[] shape)
    {
        var newShape = ShapeUtil.InferSize(shape, _numel, "Reshape");
        var strides = ComputeViewStrides(newShape);
        return strides is not null
            ? WithLayout(newShape, strides, _offset)
            : Clone().TakeLayout(newShape);
    }

    /// <summary>Views this tensor with another tensor's shape (like <c>x.view_as(y)</c>).</summary>
    public Tensor ViewAs(Tensor other) => View(other._shape);

    /// <summary>Reshapes to another tensor's shape (like <c>x.reshape_as(y)</c>).</summary>
    public Tensor ReshapeAs(Tensor other) => Reshape(other._shape);

    /// <summary>Flattens dims startDim..endDim into one (like <c>x.flatten()</c>); a 0-d tensor becomes 1-d.</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (Dim == 0)
        {
            return Reshape(1);
        }

        var start = ShapeUtil.NormalizeDim(startDim, Dim, "Flatten");
        var end = ShapeUtil.NormalizeDim(endDim, Dim, "Flatten");
        if (start > end)
        {
            throw new ArgumentException($"Flatten: startDim ({startDim}) cannot come after endDim ({endDim}).", nameof(startDim));
        }

        var shape = ShapeUtil.NewInts(Dim - (end - start));
        for (var i = 0; i < start; i++)
        {
            shape[i] = _shape[i];
        }

        var merged = 1;
        for (var i = start; i <= end; i++)
        {
            merged *= _shape[i];
        }

        shape[start] = merged;
        for (var i = end + 1; i < Dim; i++)
        {
            shape[i - (end - start)] = _shape[i];
        }

        return Reshape(shape);
    }

    /// <summary>Removes every dimension of size 1 (like <c>x.squeeze()</c>).</summary>
    public Tensor Squeeze()
    {
        var shape = new List<int>(Dim);
        var strides = new List<int>(Dim);
        for (var i = 0; i < Dim; i++)
        {
            if (_shape[i] != 1)
            {
                shape.Add(_shape[i]);
                strides.Add(_strides[i]);
            }
        }

        return WithLayout([.. shape], [.. strides], _offset);
    }

    /// <summary>Removes dimension <paramref name="dim"/> if its size is 1, else returns an equal view (like <c>x.squeeze(2)</c>).</summary>
    public Tensor Squeeze(int dim)
    {
        if (Dim == 0)
        {
            ShapeUtil.NormalizeDim(dim, 1, "Squeeze");
            return Detach();
        }

        var d = ShapeUtil.NormalizeDim(dim, Dim, "Squeeze");
        return _shape[d] != 1 ? Detach() : WithLayout(RemoveAt(_shape, d), RemoveAt(_strides, d), _offset);
    }

    /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/> (like <c>x.unsqueeze(0)</c>); dim may be -Dim-1..Dim.</summary>
    public Tensor Unsqueeze(int dim)
    {
        var d = ShapeUtil.NormalizeDim(dim, Dim + 1, "Unsqueeze");
        var stride = d < Dim ? _strides[d] * _shape[d] : 1;
        return WithLayout(InsertAt(_shape, d, 1), InsertAt(_strides, d, stride), _offset);
    }

    /// <summary>Swaps two dimensions (like <c>x.transpose(1, 2)</c>); the result is a non-contiguous view.</summary>
    public Tensor Transpose(int dim0, int dim1)
    {
        if (Dim == 0)
        {
            ShapeUtil.NormalizeDim(dim0, 1, "Transpose");
            ShapeUtil.NormalizeDim(dim1, 1, "Transpose");
            return Detach();
        }

        var a = ShapeUtil.NormalizeDim(dim0, Dim, "Transpose");
        var b = ShapeUtil.NormalizeDim(dim1, Dim, "Transpose");
        var shape = ShapeUtil.Copy(_shape);
        var strides = ShapeUtil.Copy(_strides);
        (shape[a], shape[b]) = (shape[b], shape[a]);
        (strides[a], strides[b]) = (strides[b], strides[a]);
        return WithLayout(shape, strides, _offset);
    }

    /// <summary>Reorders the dimensions (like <c>img.permute(2, 0, 1)</c>: HWC → CHW).</summary>
    public Tensor Permute(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Length != Dim)
        {
            throw new TensorShapeException(
                $"Permute: number of dims don't match: the tensor has {Dim} dimension(s) (shape {ShapeUtil.Format(_shape)}) but {dims.Length} were given.");
        }

        var shape = ShapeUtil.NewInts(Dim);
        var strides = ShapeUtil.NewInts(Dim);
        Span<bool> seen = stackalloc bool[Dim];
        for (var i = 0; i < Dim; i++)
        {
            var d = ShapeUtil.NormalizeDim(dims[i], Dim, "Permute");
            if (seen[d])
            {
                throw new ArgumentException($"Permute: dim {dims[i]} appears more than once in {ShapeUtil.Format(dims)}.", nameof(dims));
            }

            seen[d] = true;
            shape[i] = _shape[d];
            strides[i] = _strides[d];
        }

        return WithLayout(shape, strides, _offset);
    }

    /// <summary>The transpose (like <c>x.T</c>): dims reversed, which for a matrix swaps rows and columns.</summary>
    public Tensor T
    {
        get
        {
            var dims = ShapeUtil.NewInts(Dim);
            for (var i = 0; i < Dim; i++)
            {
                dims[i] = Dim - 1 - i;
            }

            return Permute(dims);
        }
    }

    /// <summary>Transposes the last two dims of a batch of matrices (like <c>x.mT</c>).</summary>
    public Tensor MT => Dim < 2
        ? throw new TensorShapeException($"MT: tensor of shape {ShapeUtil.Format(_shape)} has fewer than 2 dimensions.")
        : Transpose(-2, -1);

    /// <summary>
    /// A broadcast view with size-1 dims stretched (stride 0) and new leading dims (like <c>x.expand(3, 4)</c>);
    /// -1 keeps a size.
    /// </summary>
    public Tensor Expand(params int[] sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Length < Dim)
        {
            throw new TensorShapeException(
                $"Expand: the number of sizes provided ({sizes.Length}) must be greater or equal to the number of dimensions in the tensor ({Dim}).");
        }

        var shape = ShapeUtil.NewInts(sizes.Length);
        var strides = ShapeUtil.NewInts(sizes.Length);
        var lead = sizes.Length - Dim;
        for (var i = 0; i < sizes.Length; i++)
        {
            var want = sizes[i];
            if (i < lead)
            {
                if (want < 0)
                {
                    throw new TensorShapeException($"Expand: the expanded size -1 is not allowed in a leading, non-existing dimension {i}.");
                }

                shape[i] = want;
                strides[i] = 0;
                continue;
            }

            var have = _shape[i - lead];
            if (want == -1 || want == have)
            {
                shape[i] = have;
                strides[i] = _strides[i - lead];
            }
            else if (have == 1 && want >= 0)
            {
                shape[i] = want;
                strides[i] = 0;
            }
            else
            {
                throw new TensorShapeException(
                    $"Expand: the expanded size of the tensor ({want}) must match the existing size ({have}) at non-singleton dimension {i}. " +
                    $"Target sizes: {ShapeUtil.Format(sizes)}. Tensor sizes: {ShapeUtil.Format(_shape)}.");
            }
        }

        return WithLayout(shape, strides, _offset);
    }

    /// <summary>Expands to another tensor's shape (like <c>x.expand_as(y)</c>).</summary>
    public Tensor ExpandAs(Tensor other) => Expand(other._shape);

    /// <summary>Elements start..start+length-1 of one dim, as a view (like <c>x.narrow(dim, start, length)</c>).</summary>
    public Tensor Narrow(int dim, int start, int length)
    {
        var d = ShapeUtil.NormalizeDim(dim, Dim, "Narrow");
        var size = _shape[d];
        if (start < 0)
        {
            start += size;
        }

        if (start < 0 || length < 0 || start > size - length)
        {
            throw new ArgumentOutOfRangeException(
                nameof(start), $"Narrow: start ({start}) + length ({length}) exceeds dimension size ({size}) of dim {dim}.");
        }

        var shape = ShapeUtil.Copy(_shape);
        shape[d] = length;
        return WithLayout(shape, _strides, _offset + (start * _strides[d]));
    }

    /// <summary>
    /// Elements start, start+step, … before end of one dim, as a view (like <c>x[:, 1:5:2]</c>); bounds clamp as in
    /// Python slicing and negative bounds count from the end.
    /// </summary>
    public Tensor Slice(int dim, int? start = null, int? end = null, int step = 1)
    {
        var d = ShapeUtil.NormalizeDim(dim, Dim, "Slice");
        if (step <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "Slice: step must be greater than zero.");
        }

        var size = _shape[d];
        var s = Clamp(start ?? 0, size);
        var e = Clamp(end ?? size, size);
        var length = e > s ? ((e - s + step - 1) / step) : 0;
        var shape = ShapeUtil.Copy(_shape);
        var strides = ShapeUtil.Copy(_strides);
        shape[d] = length;
        strides[d] = _strides[d] * step;
        return WithLayout(shape, strides, _offset + (length > 0 ? s * _strides[d] : 0));

        static int Clamp(int i, int size) => i < 0 ? Math.Max(i + size, 0) : Math.Min(i, size);
    }

    /// <summary>The slice at <paramref name="index"/> of one dim, with that dim removed (like <c>x.select(dim, i)</c>).</summary>
    public Tensor Select(int dim, int index)
    {
        if (Dim == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dim), "Select: invalid index of a 0-dim tensor.");
        }

        var d = ShapeUtil.NormalizeDim(dim, Dim, "Select");
        var size = _shape[d];
        var i = index < 0 ? index + size : index;
        if ((uint)i >= (uint)size)
        {
            throw new IndexOutOfRangeException(
                $"Select: index {index} is out of bounds for dimension {d} with size {size} (shape {ShapeUtil.Format(_shape)}).");
        }

        return WithLayout(RemoveAt(_shape, d), RemoveAt(_strides, d), _offset + (i * _strides[d]));
    }

    /// <summary>The main diagonal of a matrix, as a view (like <c>x.diagonal()</c>).</summary>
    public Tensor Diagonal()
    {
        if (Dim != 2)
        {
            throw new TensorShapeException($"Diagonal: expected a 2-D tensor, got shape {ShapeUtil.Format(_shape)}.");
        }

        return WithLayout([Math.Min(_shape[0], _shape[1])], [_strides[0] + _strides[1]], _offset);
    }

    /// <summary>Strides that view this tensor's elements with <paramref name="newShape"/>, or null when no view can (PyTorch's computeStride).</summary>
    private int[]? ComputeViewStrides(int[] newShape)
    {
        if (_contiguous)
        {
            return ShapeUtil.ContiguousStrides(newShape);
        }

        if (_numel == 0)
        {
            return _shape.AsSpan().SequenceEqual(newShape) ? _strides : ShapeUtil.ContiguousStrides(newShape);
        }

        var newStrides = ShapeUtil.NewInts(newShape.Length);
        var viewD = newShape.Length - 1;
        var chunkBaseStride = _strides[^1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (var tensorD = _shape.Length - 1; tensorD >= 0; tensorD--)
        {
            tensorNumel *= _shape[tensorD];
            if (tensorD == 0 || (_shape[tensorD - 1] != 1 && _strides[tensorD - 1] != tensorNumel * chunkBaseStride))
            {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1))
                {
                    newStrides[viewD] = (int)(viewNumel * chunkBaseStride);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }

                if (viewNumel != tensorNumel)
                {
                    return null;
                }

                if (tensorD > 0)
                {
                    chunkBaseStride = _strides[tensorD - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }

        return viewD == -1 ? newStrides : null;
    }

    internal static int[] RemoveAt(int[] values, int index)
    {
        var result = ShapeUtil.NewInts(values.Length - 1);
        Array.Copy(values, 0, result, 0, index);
        Array.Copy(values, index + 1, result, index, values.Length - index - 1);
        return result;
    }

    internal static int[] InsertAt(int[] values, int index, int value)
    {
        var result = ShapeUtil.NewInts(values.Length + 1);
        Array.Copy(values, 0, result, 0, index);
        result[index] = value;
        Array.Copy(values, index, result, index + 1, values.Length - index);
        return result;
    }
}

namespace AutoDiffGen.Derivatives;

/// <summary>
/// Rules for views, copies and conversions that TensorDerivatives does not cover: the adjoint is put back into the
/// operand's layout (summed over expanded dims, scattered into the selected slice), cast back to the operand's dtype
/// and moved back to its device, as PyTorch's <c>expand</c>, <c>narrow</c>, <c>.to(dtype)</c> and <c>.to(device)</c> do.
/// </summary>
public static class ViewDerivatives
{
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Squeeze))]
    public static Tensor Squeeze(Tensor x, Tensor result, Tensor adjoint) => adjoint.Reshape(x._shape);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Expand))]
    public static Tensor Expand(Tensor x, int[] sizes, Tensor result, Tensor adjoint) => adjoint.SumToSize(x._shape);

    // The other tensor gives only its shape: it gets no adjoint (as other in PyTorch's expand_as).
    [DerivativeOf(typeof(Tensor), nameof(Tensor.ExpandAs))]
    public static Tensor ExpandAs(Tensor x, [NoDiff] Tensor other, Tensor result, Tensor adjoint) => adjoint.SumToSize(x._shape);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Permute))]
    public static Tensor Permute(Tensor x, int[] dims, Tensor result, Tensor adjoint)
    {
        // The adjoint is permuted back: the inverse permutation sends result dim i back to dims[i].
        var inverse = new int[dims.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            inverse[dims[i] < 0 ? dims[i] + dims.Length : dims[i]] = i;
        }

        return adjoint.Permute(inverse);
    }

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Narrow))]
    public static Tensor Narrow(Tensor x, int dim, int start, int length, Tensor result, Tensor adjoint)
    {
        var gradient = Tensor.ZerosLike(x);
        gradient.Narrow(dim, start, length).CopyFrom(adjoint);
        return gradient;
    }

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Select))]
    public static Tensor Select(Tensor x, int dim, int index, Tensor result, Tensor adjoint)
    {
        var gradient = Tensor.ZerosLike(x);
        gradient.Select(dim, index).CopyFrom(adjoint);
        return gradient;
    }

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Contiguous))]
    public static Tensor Contiguous(Tensor x, Tensor result, Tensor adjoint) => adjoint;

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Clone))]
    public static Tensor Clone(Tensor x, Tensor result, Tensor adjoint) => adjoint;

    // x.To(DType.Float64) passes the gradient, cast back to x's dtype (PyTorch's .double() and .to(dtype)).
    [DerivativeOf(typeof(Tensor), nameof(Tensor.To))]
    public static Tensor To(Tensor x, DType dtype, Tensor result, Tensor adjoint) => adjoint.To(x.DType);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.To))]
    public static Tensor To(Tensor x, Device device, Tensor result, Tensor adjoint) => adjoint.To(x.Device);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Cpu))]
    public static Tensor Cpu(Tensor x, Tensor result, Tensor adjoint) => adjoint.To(x.Device);

    // x.Chunk(n)[i] and x.Split(size)[i]: the piece's adjoint goes back to its slice of x, zeros elsewhere.
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Chunk), Element = "[]")]
    public static Tensor Chunk(Tensor x, int chunks, int dim, int index, Tensor result, Tensor adjoint) =>
        Place(x, x.Chunk(chunks, dim), dim, index, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Split), Element = "[]")]
    public static Tensor Split(Tensor x, int splitSize, int dim, int index, Tensor result, Tensor adjoint) =>
        Place(x, x.Split(splitSize, dim), dim, index, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Split), Element = "[]")]
    public static Tensor Split(Tensor x, int[] sizes, int dim, int index, Tensor result, Tensor adjoint) =>
        Place(x, x.Split(sizes, dim), dim, index, adjoint);

    // x.Item<double>() is x's one element as a number: its adjoint fills that element.
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Item))]
    public static Tensor Item(Tensor x, double result, double adjoint) => Tensor.FullLike(x, adjoint);

    /// <summary>A zero gradient for x with the adjoint of piece <paramref name="index"/> (the same views the op returned) in its place.</summary>
    private static Tensor Place(Tensor x, Tensor[] pieces, int dim, int index, Tensor adjoint)
    {
        var d = dim < 0 ? dim + x.Dim : dim;
        var start = 0;
        for (var j = 0; j < index; j++)
        {
            start += pieces[j].Size(d);
        }

        var gradient = Tensor.ZerosLike(x);
        gradient.Narrow(d, start, pieces[index].Size(d)).CopyFrom(adjoint);
        return gradient;
    }

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Diagonal))]
    public static Tensor Diagonal(Tensor x, Tensor result, Tensor adjoint)
    {
        var gradient = Tensor.ZerosLike(x);
        gradient.Diagonal().CopyFrom(adjoint);
        return gradient;
    }

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Slice))]
    public static Tensor Slice(Tensor x, int dim, int? start, int? end, int step, Tensor result, Tensor adjoint)
    {
        var gradient = Tensor.ZerosLike(x);
        gradient.Slice(dim, start, end, step).CopyFrom(adjoint);
        return gradient;
    }

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Unbind), Element = "[]")]
    public static Tensor Unbind(Tensor x, int dim, int index, Tensor result, Tensor adjoint) => Select(x, dim, index, result, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.ViewAs))]
    public static Tensor ViewAs(Tensor x, [NoDiff] Tensor other, Tensor result, Tensor adjoint) => adjoint.Reshape(x._shape);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.ReshapeAs))]
    public static Tensor ReshapeAs(Tensor x, [NoDiff] Tensor other, Tensor result, Tensor adjoint) => adjoint.Reshape(x._shape);

    [DerivativeOf(typeof(Tensor), "get_MT")]
    public static Tensor MT(Tensor x, Tensor result, Tensor adjoint) => adjoint.MT;

    // SumToSize sums broadcast dims away: its adjoint is broadcast back.
    [DerivativeOf(typeof(Tensor), nameof(Tensor.SumToSize))]
    public static Tensor SumToSize(Tensor x, int[] shape, Tensor result, Tensor adjoint) => adjoint.Expand(x._shape);
}

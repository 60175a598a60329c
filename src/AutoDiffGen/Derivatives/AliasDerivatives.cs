namespace AutoDiffGen.Derivatives;

/// <summary>
/// Named forms of ops whose rule needs an adapter: <c>x.Add(y, alpha)</c>, a <c>Tensor[]</c> for Cat and Stack is
/// the list they take, a sum over several dims is a sum over each. (<c>x.Add(y)</c>, <c>Sub</c>, <c>Mul</c> and
/// <c>Div</c> share the operators' rules: TensorDerivatives declares them on the same methods.)
/// </summary>
public static class AliasDerivatives
{
    // a + alpha·b.
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Add))]
    public static (Tensor A, Tensor B, double Alpha) Add(Tensor a, Tensor b, double alpha, Tensor result, Tensor adjoint) =>
        (adjoint.SumToSize(a._shape), (adjoint * alpha).SumToSize(b._shape), (adjoint * b).Sum().Item<double>());

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Cat))]
    public static Tensor[] Cat(Tensor[] tensors, int dim, Tensor result, Tensor adjoint) => TensorDerivatives.Cat(tensors, dim, result, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Stack))]
    public static Tensor[] Stack(Tensor[] tensors, int dim, Tensor result, Tensor adjoint) => TensorDerivatives.Stack(tensors, dim, result, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Sum))]
    public static Tensor Sum(Tensor x, int[] dims, bool keepDim, Tensor result, Tensor adjoint) => Restore(x, dims, keepDim, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Mean))]
    public static Tensor Mean(Tensor x, int[] dims, bool keepDim, Tensor result, Tensor adjoint)
    {
        var count = 1;
        foreach (var d in Normalized(x, dims))
        {
            count *= x.Size(d);
        }

        return Restore(x, dims, keepDim, adjoint) / (double)Math.Max(1, count);
    }

    /// <summary>The adjoint of a reduction over dims, expanded back over them.</summary>
    private static Tensor Restore(Tensor x, int[] dims, bool keepDim, Tensor adjoint)
    {
        if (x.Dim == 0)
        {
            return adjoint.Reshape(x._shape);
        }

        var g = adjoint;
        if (!keepDim)
        {
            foreach (var d in Normalized(x, dims))
            {
                g = g.Unsqueeze(d);
            }
        }

        return g.Expand(x._shape);
    }

    private static IEnumerable<int> Normalized(Tensor x, int[] dims) => dims.Select(d => d < 0 ? d + x.Dim : d).Distinct().Order();
}

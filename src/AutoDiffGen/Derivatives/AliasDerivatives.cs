namespace AutoDiffGen.Derivatives;

/// <summary>
/// Named forms of ops that have rules under another name or overload: <c>x.Add(y)</c> is <c>x + y</c>, a
/// <c>Tensor[]</c> for Cat and Stack is the list they take, a sum over several dims is a sum over each. Each
/// delegates to the rule of the form it stands for.
/// </summary>
public static class AliasDerivatives
{
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Add))]
    public static (Tensor A, Tensor B) Add(Tensor a, Tensor b, Tensor result, Tensor adjoint) => TensorDerivatives.Add(a, b, result, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Add))]
    public static (Tensor A, double B) Add(Tensor a, double b, Tensor result, Tensor adjoint) => TensorDerivatives.Add(a, b, result, adjoint);

    // a + alpha·b.
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Add))]
    public static (Tensor A, Tensor B, double Alpha) Add(Tensor a, Tensor b, double alpha, Tensor result, Tensor adjoint) =>
        (adjoint.SumToSize(a._shape), (adjoint * alpha).SumToSize(b._shape), (adjoint * b).Sum().Item<double>());

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Sub))]
    public static (Tensor A, Tensor B) Sub(Tensor a, Tensor b, Tensor result, Tensor adjoint) => TensorDerivatives.Subtract(a, b, result, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Sub))]
    public static (Tensor A, double B) Sub(Tensor a, double b, Tensor result, Tensor adjoint) => TensorDerivatives.Subtract(a, b, result, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Mul))]
    public static (Tensor A, Tensor B) Mul(Tensor a, Tensor b, Tensor result, Tensor adjoint) => TensorDerivatives.Multiply(a, b, result, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Mul))]
    public static (Tensor A, double B) Mul(Tensor a, double b, Tensor result, Tensor adjoint) => TensorDerivatives.Multiply(a, b, result, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Div))]
    public static (Tensor A, Tensor B) Div(Tensor a, Tensor b, Tensor result, Tensor adjoint) => TensorDerivatives.Divide(a, b, result, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Div))]
    public static (Tensor A, double B) Div(Tensor a, double b, Tensor result, Tensor adjoint) => TensorDerivatives.Divide(a, b, result, adjoint);

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

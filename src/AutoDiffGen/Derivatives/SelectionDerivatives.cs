namespace AutoDiffGen.Derivatives;

/// <summary>
/// Rules for ops that pick elements: Clamp, Maximum/Minimum, Where, and the Max/Min reductions. Where the op has a
/// kink or a tie they follow PyTorch's subgradients: Clamp passes the gradient where min &lt;= x &lt;= max (bounds
/// included, as clamp_backward does); Maximum/Minimum give half to each side of a tie; a whole-tensor Max/Min
/// splits the gradient evenly among the elements equal to the result (as amax and max() do); Max(dim)/Min(dim) send
/// it to the index they return. Masks route the adjoint with Where, never by multiplying, so an infinite adjoint
/// does not turn the zeros into NaN.
/// </summary>
public static class SelectionDerivatives
{
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Clamp))]
    public static Tensor Clamp(Tensor x, double? min, double? max, Tensor result, Tensor adjoint)
    {
        Tensor? inside = null;
        if (min is { } lo)
        {
            inside = x.Ge(lo);
        }

        if (max is { } hi)
        {
            inside = inside is null ? x.Le(hi) : inside.LogicalAnd(x.Le(hi));
        }

        return inside is null ? adjoint : Tensor.Where(inside, adjoint, Zero(adjoint));
    }

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Maximum))]
    public static (Tensor A, Tensor B) Maximum(Tensor a, Tensor b, Tensor result, Tensor adjoint) => Split(a, b, a.Gt(b), a.Lt(b), adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Minimum))]
    public static (Tensor A, Tensor B) Minimum(Tensor a, Tensor b, Tensor result, Tensor adjoint) => Split(a, b, a.Lt(b), a.Gt(b), adjoint);

    // The condition is a mask: no adjoint (torch.where differentiates x and y only).
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Where))]
    public static (Tensor X, Tensor Y) Where([NoDiff] Tensor condition, Tensor x, Tensor y, Tensor result, Tensor adjoint)
    {
        var zero = Zero(adjoint);
        return (Tensor.Where(condition, adjoint, zero).SumToSize(x._shape), Tensor.Where(condition, zero, adjoint).SumToSize(y._shape));
    }

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Max))]
    public static Tensor Max(Tensor x, Tensor result, Tensor adjoint) => Evenly(x, result, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Min))]
    public static Tensor Min(Tensor x, Tensor result, Tensor adjoint) => Evenly(x, result, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Max), Element = "Values")]
    public static Tensor MaxValues(Tensor x, int dim, bool keepDim, Tensor result, Tensor adjoint) =>
        ToIndex(x, dim, keepDim, x.Max(dim, keepDim: true).Indices, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Min), Element = "Values")]
    public static Tensor MinValues(Tensor x, int dim, bool keepDim, Tensor result, Tensor adjoint) =>
        ToIndex(x, dim, keepDim, x.Min(dim, keepDim: true).Indices, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Max), Element = "Indices", StopsGradient = true)]
    public static Tensor MaxIndices(Tensor x, int dim, bool keepDim, Tensor result, Tensor adjoint) => Tensor.ZerosLike(x);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Min), Element = "Indices", StopsGradient = true)]
    public static Tensor MinIndices(Tensor x, int dim, bool keepDim, Tensor result, Tensor adjoint) => Tensor.ZerosLike(x);

    /// <summary>A zero of the adjoint's dtype on its device, broadcast by Where.</summary>
    internal static Tensor Zero(Tensor like) => Tensor.Zeros([], like._dtype, like.Device);

    /// <summary>Maximum/Minimum: all to the side that wins, half to each at a tie.</summary>
    private static (Tensor A, Tensor B) Split(Tensor a, Tensor b, Tensor aWins, Tensor bWins, Tensor adjoint)
    {
        var zero = Zero(adjoint);
        var tie = Tensor.Where(a.Eq(b), adjoint * 0.5, zero);
        return (Tensor.Where(aWins, adjoint, tie).SumToSize(a._shape), Tensor.Where(bWins, adjoint, tie).SumToSize(b._shape));
    }

    /// <summary>A whole-tensor Max/Min: the adjoint shared evenly by every element equal to the result.</summary>
    private static Tensor Evenly(Tensor x, Tensor result, Tensor adjoint)
    {
        var hits = x.Eq(result);
        return Tensor.Where(hits, adjoint / hits.Sum().To(adjoint._dtype), Zero(adjoint));
    }

    /// <summary>Max(dim)/Min(dim): the adjoint of each slice goes to the element at the returned index.</summary>
    private static Tensor ToIndex(Tensor x, int dim, bool keepDim, Tensor indices, Tensor adjoint)
    {
        if (x.Dim == 0)
        {
            return adjoint;
        }

        var d = dim < 0 ? dim + x.Dim : dim;
        var g = keepDim ? adjoint : adjoint.Unsqueeze(d);
        var along = new int[x.Dim];
        Array.Fill(along, 1);
        along[d] = x.Size(d);
        var positions = Tensor.Arange(x.Size(d)).View(along).To(x.Device);
        return Tensor.Where(positions.Eq(indices), g, Zero(g));
    }
}

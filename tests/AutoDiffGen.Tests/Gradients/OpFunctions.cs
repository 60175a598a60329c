namespace AutoDiffGen.Tests.Gradients;

/// <summary>
/// One [Differentiable] method per tensor op of the README that had no rule, so each rule is reached through the
/// generator. The [NoDiff] weights make every element's adjoint different, so a rule that mixes elements up fails.
/// </summary>
public static partial class OpFunctions
{
    [Differentiable] public static Tensor Clamp(Tensor x, [NoDiff] Tensor w) => (x.Clamp(-0.3, 0.4) * w).Sum();

    [Differentiable] public static Tensor ClampMin(Tensor x, [NoDiff] Tensor w) => (x.Clamp(min: 0.1) * w).Sum();

    [Differentiable] public static Tensor ClampMax(Tensor x, [NoDiff] Tensor w) => (x.Clamp(max: -0.1) * w).Sum();

    [Differentiable] public static Tensor Maximum(Tensor a, Tensor b, [NoDiff] Tensor w) => (a.Maximum(b) * w).Sum();

    [Differentiable] public static Tensor Minimum(Tensor a, Tensor b, [NoDiff] Tensor w) => (a.Minimum(b) * w).Sum();

    [Differentiable] public static Tensor Where(Tensor x, Tensor y, [NoDiff] Tensor mask, [NoDiff] Tensor w) => (Tensor.Where(mask, x, y) * w).Sum();

    /// <summary>The mask computed from x itself, as torch.where(x > 0, x, y) is written: no gradient-stop warning.</summary>
    [Differentiable] public static Tensor WhereOnSign(Tensor x, Tensor y) => Tensor.Where(x.Gt(0.0), x.Square(), y).Sum();

    [Differentiable] public static Tensor Max(Tensor x) => x.Max() * 3;

    [Differentiable] public static Tensor Min(Tensor x) => (x * 2).Min();

    [Differentiable] public static Tensor MaxDim(Tensor x, [NoDiff] Tensor w) => (x.Max(1).Values * w).Sum();

    [Differentiable] public static Tensor MinDimKeep(Tensor x, [NoDiff] Tensor w) => (x.Min(0, keepDim: true).Values * w).Sum();

    /// <summary>Item1 is Values by position.</summary>
    [Differentiable] public static Tensor MaxDimItem1(Tensor x, [NoDiff] Tensor w) => (x.Max(-1).Item1 * w).Sum();

    [Differentiable] public static Tensor Norm(Tensor x) => x.Norm();

    [Differentiable] public static Tensor NormP(Tensor x, [NoDiff] double p) => x.Norm(p);

    [Differentiable] public static Tensor Dist(Tensor a, Tensor b, [NoDiff] double p) => a.Dist(b, p);

    [Differentiable] public static Tensor Dot(Tensor a, Tensor b) => a.Dot(b) * a.Sum();

    [Differentiable] public static Tensor Inverse(Tensor a, [NoDiff] Tensor w) => (a.Inverse() * w).Sum();

    [Differentiable] public static Tensor Expand(Tensor x, [NoDiff] Tensor w) => (x.Expand(2, 3, 4) * w).Sum();

    [Differentiable] public static Tensor ExpandAs(Tensor x, [NoDiff] Tensor w) => (x.ExpandAs(w) * w).Sum();

    [Differentiable] public static Tensor Squeeze(Tensor x, [NoDiff] Tensor w) => (x.Squeeze() * w).Sum();

    [Differentiable] public static Tensor SqueezeDim(Tensor x, [NoDiff] Tensor w) => (x.Squeeze(-1) * w).Sum();

    [Differentiable] public static Tensor Permute(Tensor x, [NoDiff] Tensor w) => (x.Permute(-1, 0, 1) * w).Sum();

    [Differentiable] public static Tensor Narrow(Tensor x, [NoDiff] Tensor w) => (x.Narrow(1, 1, 2) * w).Sum();

    [Differentiable] public static Tensor Select(Tensor x, [NoDiff] Tensor w) => (x.Select(-1, 2) * w).Sum();

    [Differentiable] public static Tensor Contiguous(Tensor x, [NoDiff] Tensor w) => (x.T.Contiguous() * w).Sum();

    [Differentiable] public static Tensor Clone(Tensor x, [NoDiff] Tensor w) => (x.Clone() * w).Sum();

    [Differentiable] public static Tensor ToFloat64(Tensor x, [NoDiff] Tensor w) => (x.To(DType.Float64) * w).Sum();

    [Differentiable] public static Tensor ToCpu(Tensor x, [NoDiff] Tensor w) => (x.To(Device.Cpu).Cpu() * w).Sum();

    [Differentiable] public static Tensor Chunk(Tensor x, [NoDiff] Tensor w) => (x.Chunk(3, 1)[1] * w).Sum() + x.Chunk(3, 1)[2].Square().Sum();

    [Differentiable] public static Tensor Split(Tensor x, [NoDiff] Tensor w) => (x.Split(2)[1] * w).Sum();

    [Differentiable] public static Tensor SplitSizes(Tensor x, [NoDiff] Tensor w) => (x.Split([1, 3], -1)[1] * w).Sum();

    [Differentiable] public static double Item(Tensor x) => x.Sum().Item<double>() * x.Square().Sum().Item<double>();

    [Differentiable] public static Tensor ZerosLike(Tensor x) => (Tensor.ZerosLike(x) + x.Square()).Sum();

    [Differentiable] public static Tensor OnesLike(Tensor x) => (Tensor.OnesLike(x) * x.Sin()).Sum();

    [Differentiable] public static Tensor EmptyAndRandLike(Tensor x) => (Tensor.ZerosLike(Tensor.EmptyLike(x)) + (Tensor.RandLike(x) * 0) + (Tensor.RandnLike(x) * 0) + x.Exp()).Sum();

    [Differentiable] public static Tensor FullLike(Tensor x, double v) => (Tensor.FullLike(x, v) * x).Sum();

    [Differentiable]
    public static Tensor NamedArithmetic(Tensor a, Tensor b, double alpha) =>
        (a.Add(b).Mul(a.Sub(0.5)).Div(b.Add(3.0)).Sub(b).Mul(2.0).Div(4.0).Add(a, alpha)).Sum();

    [Differentiable] public static Tensor SumMeanDims(Tensor x, [NoDiff] Tensor w) => (x.Sum([0, -1]) * w).Sum() + x.Mean([1, 2], keepDim: true).Square().Sum();

    [Differentiable] public static Tensor CatStackArrays(Tensor a, Tensor b) => (Tensor.Cat(new[] { a, b.Square() }, 1).Sin() + Tensor.Stack(new[] { a, b }, 0).Sum(0).Sum()).Sum();

    [Differentiable] public static Tensor Diagonal(Tensor x, [NoDiff] Tensor w) => (x.Diagonal() * w).Sum();

    [Differentiable] public static Tensor Slice(Tensor x, [NoDiff] Tensor w) => (x.Slice(1, 1, null, 2) * w).Sum();

    [Differentiable] public static Tensor Unbind(Tensor x, [NoDiff] Tensor w) => (x.Unbind(1)[2] * w).Sum();

    [Differentiable] public static Tensor ViewReshapeAsMT(Tensor x, [NoDiff] Tensor like, [NoDiff] Tensor w) => ((x.ViewAs(like) + x.ReshapeAs(like)).MT * w).Sum();

    [Differentiable] public static Tensor SumToSize(Tensor x, [NoDiff] Tensor w) => (x.SumToSize(3, 1) * w).Sum();

    [Differentiable]
    public static Tensor Creation(double v, double start, double step) =>
        (Tensor.Full([2, 3], v, DType.Float64).Sin() + Tensor.Scalar(v * v, DType.Float64)).Sum()
        + (Tensor.Arange(start, 4.0, step, DType.Float64).Square()).Sum()
        + (Tensor.Linspace(start, v, 5, DType.Float64).Exp()).Sum();

    [Differentiable] public static Tensor LogicalMask(Tensor x) => (x * Tensor.Where(x.Gt(0.0).LogicalAnd(x.Lt(0.5)).Detach(), x, x.Square())).Sum();
}

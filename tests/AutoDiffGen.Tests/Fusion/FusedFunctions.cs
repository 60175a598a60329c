namespace AutoDiffGen.Tests.Fusion;

/// <summary>
/// Elementwise chains, each twice: fused (the default) and with <c>Fuse = false</c>, where every op and its rule runs
/// separately. The tests compare the two.
/// </summary>
public static partial class FusedFunctions
{
    [Differentiable]
    public static Tensor Chain(Tensor x, double a, Tensor b, Tensor c) => (x * a + b).Tanh() * c;

    [Differentiable(Fuse = false)]
    public static Tensor ChainUnfused(Tensor x, double a, Tensor b, Tensor c) => (x * a + b).Tanh() * c;

    [Differentiable]
    public static Tensor Activations(Tensor x, Tensor y) =>
        (x.Sigmoid() * y) + x.Relu() - (x.Neg().Exp() / (y.Square() + 1)) + (y.Abs() + 1).Log() + (x.Sin() * y.Cos());

    [Differentiable(Fuse = false)]
    public static Tensor ActivationsUnfused(Tensor x, Tensor y) =>
        (x.Sigmoid() * y) + x.Relu() - (x.Neg().Exp() / (y.Square() + 1)) + (y.Abs() + 1).Log() + (x.Sin() * y.Cos());

    [Differentiable]
    public static Tensor Powers(Tensor x, double p) => (x.Square() + 1).Pow(p) + (x.Square() + 2).Reciprocal() + (x + 3).Pow(2) + (x.Abs() + 1).Sqrt();

    [Differentiable(Fuse = false)]
    public static Tensor PowersUnfused(Tensor x, double p) => (x.Square() + 1).Pow(p) + (x.Square() + 2).Reciprocal() + (x + 3).Pow(2) + (x.Abs() + 1).Sqrt();

    [Differentiable]
    public static Tensor Quotients(Tensor x, Tensor y) => (x / (y.Abs() + 0.5)) - (3 / (x.Square() + 1)) + (2.5 - y) * x;

    [Differentiable(Fuse = false)]
    public static Tensor QuotientsUnfused(Tensor x, Tensor y) => (x / (y.Abs() + 0.5)) - (3 / (x.Square() + 1)) + (2.5 - y) * x;

    /// <summary>A region whose intermediate is also used outside it: the region ends there, and the loss still matches.</summary>
    [Differentiable]
    public static Tensor Shared(Tensor w, [NoDiff] Tensor x)
    {
        var h = (Tensor.MatMul(x, w) * 0.5).Tanh();
        var g = h.Square() + h;
        return (Tensor.MatMul(g, w.T) + h.Sum()).Mean();
    }

    [Differentiable(Fuse = false)]
    public static Tensor SharedUnfused(Tensor w, [NoDiff] Tensor x)
    {
        var h = (Tensor.MatMul(x, w) * 0.5).Tanh();
        var g = h.Square() + h;
        return (Tensor.MatMul(g, w.T) + h.Sum()).Mean();
    }
}

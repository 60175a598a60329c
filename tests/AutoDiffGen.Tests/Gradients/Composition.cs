namespace AutoDiffGen.Tests.Gradients;

/// <summary>[Differentiable] methods that call each other, and functions with non-scalar results.</summary>
public static partial class Composition
{
    [Differentiable]
    public static double Square(double x) => x * x;

    [Differentiable]
    public static double Scaled(double x, double y, [NoDiff] double k) => k * Math.Sin(x) * y;

    /// <summary>Calls two other [Differentiable] methods, one of them twice.</summary>
    [Differentiable]
    public static double Outer(double a, double b)
    {
        var s = Square(a + b);
        var t = Scaled(a, s, 2.0) + Square(b);
        return t / (1 + s);
    }

    /// <summary>A tensor-valued function: its pullback maps an adjoint of the result's shape to the inputs'.</summary>
    [Differentiable]
    public static Tensor Layer(Tensor x, Tensor w, Tensor b) => (Tensor.MatMul(x, w) + b).Tanh();

    /// <summary>Composes the tensor-valued layer into a loss.</summary>
    [Differentiable]
    public static Tensor TwoLayers(Tensor w1, Tensor w2, [NoDiff] Tensor x, [NoDiff] Tensor bias)
    {
        var h = Layer(x, w1, bias);
        return Layer(h, w2, bias).Square().Mean();
    }
}

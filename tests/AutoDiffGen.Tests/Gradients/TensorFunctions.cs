namespace AutoDiffGen.Tests.Gradients;

/// <summary>Tensor functions from the design document and the tutorials, differentiated at compile time.</summary>
public static partial class TensorFunctions
{
    /// <summary>r = mean(2·(x + 1)²).</summary>
    [Differentiable]
    public static Tensor R(Tensor x)
    {
        var y = x + 1;
        var z = 2 * y.Pow(2);
        return z.Mean();
    }

    /// <summary>The linear-regression loss: mean((x·w + b − y)²), data and labels constant.</summary>
    [Differentiable]
    public static Tensor Loss(Tensor w, Tensor b, [NoDiff] Tensor x, [NoDiff] Tensor y)
        => (Tensor.MatMul(x, w) + b - y).Pow(2).Mean();

    /// <summary>A mix of elementwise ops, broadcasting, reductions along a dim, views and a double scale.</summary>
    [Differentiable]
    public static Tensor Mixed(Tensor a, Tensor b, double scale)
    {
        var h = (a * b.T).Tanh() + (a.Exp() / (1 + b.T.Square()));
        var s = h.Sum(1) * scale;
        var l = s.Reshape(-1, 1).Sigmoid().Log();
        return l.Mean() - (scale * a.Relu().Sum());
    }

    /// <summary>A small classifier's loss: softmax cross-entropy by hand, through MatMul and LogSoftmax.</summary>
    [Differentiable]
    public static Tensor CrossEntropy(Tensor w, [NoDiff] Tensor x, [NoDiff] Tensor oneHot)
    {
        var logits = x.MatMul(w);
        var logProbabilities = logits.LogSoftmax(1);
        return -(logProbabilities * oneHot).Sum() / 4;
    }

    /// <summary>A non-scalar result: only its one-element uses have a gradient.</summary>
    [Differentiable]
    public static Tensor DoubleIt(Tensor x) => x * 2;
}

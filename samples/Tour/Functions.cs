using AutoDiffGen;

namespace Tour;

/// <summary>The tutorial's functions. [Differentiable] makes the generator add {Name}WithGradient at compile time.</summary>
public static partial class Functions
{
    /// <summary>l = (3w)² + (2x)².</summary>
    [Differentiable]
    public static double L(double w, double x) => Math.Pow(3 * w, 2) + Math.Pow(2 * x, 2);

    /// <summary>y = 0.1x³ − 0.8x² − 1.5x + 5.4.</summary>
    [Differentiable]
    public static double Cubic(double x) => (0.1 * Math.Pow(x, 3)) - (0.8 * Math.Pow(x, 2)) - (1.5 * x) + 5.4;

    /// <summary>y = x³.</summary>
    [Differentiable]
    public static double Cube(double x) => x * x * x;

    /// <summary>z = log(y).</summary>
    [Differentiable]
    public static double Log(double y) => Math.Log(y);

    /// <summary>z = log(x³): the chain rule through both.</summary>
    [Differentiable]
    public static double LogOfCube(double x)
    {
        var y = x * x * x;
        return Math.Log(y);
    }

    /// <summary>r = mean(2·(x + 1)²).</summary>
    [Differentiable]
    public static Tensor R(Tensor x)
    {
        var y = x + 1;
        var z = 2 * y.Pow(2);
        return z.Mean();
    }

    /// <summary>The linear-regression loss: mean((x·w + b − y)²); the data are constants.</summary>
    [Differentiable]
    public static Tensor Loss(Tensor w, Tensor b, [NoDiff] Tensor x, [NoDiff] Tensor y)
        => (Tensor.MatMul(x, w) + b - y).Pow(2).Mean();
}

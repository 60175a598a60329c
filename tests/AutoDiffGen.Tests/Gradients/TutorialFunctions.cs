namespace AutoDiffGen.Tests.Gradients;

/// <summary>The autograd tutorial's scalar functions, differentiated by the generator at compile time.</summary>
public static partial class TutorialFunctions
{
    /// <summary>l = (3w)² + (2x)².</summary>
    [Differentiable]
    public static double L(double w, double x) => Math.Pow(3 * w, 2) + Math.Pow(2 * x, 2);

    /// <summary>y = 0.1x³ − 0.8x² − 1.5x + 5.4.</summary>
    [Differentiable]
    public static double Cubic(double x) => (0.1 * Math.Pow(x, 3)) - (0.8 * Math.Pow(x, 2)) - (1.5 * x) + 5.4;

    /// <summary>z = log(y) with y = x³ (the chain-rule example).</summary>
    [Differentiable]
    public static double LogCube(double x)
    {
        var y = x * x * x;
        var z = Math.Log(y);
        return z;
    }

    /// <summary>A block body with reassignment, compound assignment, constants and a [NoDiff] parameter.</summary>
    [Differentiable]
    public static double Blocky(double a, double b, [NoDiff] double scale, int power)
    {
        const double Half = 0.5;
        var t = (a * b) + Math.Sin(a);
        t = t * t;
        t += Math.Exp(b * Half);
        var c = power * scale;
        t -= c * a;
        return t / (1 + (b * b));
    }

    /// <summary>float arithmetic through MathF.</summary>
    [Differentiable]
    public static float Smooth(float x, float y) => MathF.Tanh(x * y) + MathF.Sqrt((x * x) + 1f) - (-y / 2f);

    /// <summary>Only the parameters named in the attribute are differentiated.</summary>
    [Differentiable(nameof(x))]
    public static double Partial(double x, double y) => x * y * y;
}

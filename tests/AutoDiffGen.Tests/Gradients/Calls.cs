namespace AutoDiffGen.Tests.Gradients;

/// <summary>
/// Calls and conversions of issue 22: [Differentiable] helpers with ref and out tensor parameters (inlined where they
/// are called), in parameters, float and double mixed, and the scalar Clamp/Max/MaxMagnitude rules.
/// </summary>
public static partial class Calls
{
    [Differentiable]
    public static void Squash(ref Tensor t, Tensor scale) => t = (t * scale).Tanh();

    [Differentiable]
    public static void Moments(Tensor t, out Tensor mean, out Tensor square)
    {
        mean = t.Mean();
        square = (t * t).Mean();
    }

    /// <summary>A tensor passed by ref twice in a loop, then split through out parameters.</summary>
    [Differentiable]
    public static Tensor RefTensors(Tensor x, Tensor s)
    {
        var t = x;
        for (var i = 0; i < 2; i++)
        {
            Squash(ref t, s);
        }

        Moments(t * x, out var mean, out var square);
        return square - (mean * mean);
    }

    [Differentiable]
    public static double Scaled(in double a, double b) => a * b;

    /// <summary>An in parameter, float arithmetic widened to double, and the scalar selection rules.</summary>
    [Differentiable]
    public static double Mixed(double x, double y)
    {
        float a = (float)x;
        double r = a * (float)y;
        return Scaled(in r, x) + Math.Clamp(x * y, -1.0, 1.0) + double.MaxMagnitude(x, -y) + float.Max(a, 0.5f);
    }
}

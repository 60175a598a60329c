namespace AutoDiffGen.Tests.Gradients;

/// <summary>An instance [Differentiable] method that reads the object's fields as constants.</summary>
public sealed partial class Scaler
{
    private readonly double _scale;

    public Scaler(double scale) => _scale = scale;

    [Differentiable]
    public double Apply(double x) => _scale * Math.Sin(x) * x;
}

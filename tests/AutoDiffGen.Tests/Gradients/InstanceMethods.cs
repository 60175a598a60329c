namespace AutoDiffGen.Tests.Gradients;

/// <summary>An instance [Differentiable] method that reads the object's fields as constants.</summary>
public sealed partial class Scaler
{
    private readonly double _scale;

    public Scaler(double scale) => _scale = scale;

    [Differentiable]
    public double Apply(double x) => _scale * Math.Sin(x) * x;
}

/// <summary>Instance [Differentiable] methods that call each other (implicit this) and a method of another object.</summary>
public sealed partial class TwoStage
{
    private readonly Scaler _first;
    private readonly double _bias;

    public TwoStage(double scale, double bias)
    {
        _first = new Scaler(scale);
        _bias = bias;
    }

    [Differentiable]
    public double Stage(double x) => Math.Tanh(x + _bias);

    [Differentiable]
    public double Run(double x, double y) => Stage(_first.Apply(x) * y) + this.Stage(y);
}

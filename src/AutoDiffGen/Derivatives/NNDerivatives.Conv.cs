namespace AutoDiffGen.Derivatives;

/// <summary>Derivative rules of Conv2d (both overloads) and of the max and average pools.</summary>
public static partial class NNDerivatives
{
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Conv2d))]
    public static (Tensor Input, Tensor Weight, Tensor Bias) Conv2d(Tensor input, Tensor weight, Tensor? bias, int stride, int padding, Tensor result, Tensor adjoint) =>
        Conv2d(input, weight, bias, (stride, stride), (padding, padding), result, adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Conv2d), Argument = 0)]
    public static Tensor Conv2dInput(Tensor input, Tensor weight, Tensor? bias, int stride, int padding, Tensor result, Tensor adjoint) =>
        Tensor.Conv2dGradients(input, weight, (stride, stride), (padding, padding), adjoint, true, false).Input!;

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Conv2d), Argument = 1)]
    public static Tensor Conv2dWeight(Tensor input, Tensor weight, Tensor? bias, int stride, int padding, Tensor result, Tensor adjoint) =>
        Tensor.Conv2dGradients(input, weight, (stride, stride), (padding, padding), adjoint, false, true).Weight!;

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Conv2d), Argument = 2)]
    public static Tensor Conv2dBias(Tensor input, Tensor weight, Tensor? bias, int stride, int padding, Tensor result, Tensor adjoint) =>
        bias is null ? null! : Tensor.Conv2dBiasGradient(adjoint);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Conv2d))]
    public static (Tensor Input, Tensor Weight, Tensor Bias) Conv2d(
        Tensor input, Tensor weight, Tensor? bias, (int Height, int Width) stride, (int Height, int Width) padding, Tensor result, Tensor adjoint)
    {
        var (gx, gw) = Tensor.Conv2dGradients(input, weight, stride, padding, adjoint, true, true);
        return (gx!, gw!, bias is null ? null! : Tensor.Conv2dBiasGradient(adjoint));
    }

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Conv2d), Argument = 0)]
    public static Tensor Conv2dInput(
        Tensor input, Tensor weight, Tensor? bias, (int Height, int Width) stride, (int Height, int Width) padding, Tensor result, Tensor adjoint) =>
        Tensor.Conv2dGradients(input, weight, stride, padding, adjoint, true, false).Input!;

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Conv2d), Argument = 1)]
    public static Tensor Conv2dWeight(
        Tensor input, Tensor weight, Tensor? bias, (int Height, int Width) stride, (int Height, int Width) padding, Tensor result, Tensor adjoint) =>
        Tensor.Conv2dGradients(input, weight, stride, padding, adjoint, false, true).Weight!;

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Conv2d), Argument = 2)]
    public static Tensor Conv2dBias(
        Tensor input, Tensor weight, Tensor? bias, (int Height, int Width) stride, (int Height, int Width) padding, Tensor result, Tensor adjoint) =>
        bias is null ? null! : Tensor.Conv2dBiasGradient(adjoint);

    /// <summary>The adjoint goes to the first maximum of each window (recomputed from the input).</summary>
    [DerivativeOf(typeof(Tensor), nameof(Tensor.MaxPool2d))]
    public static Tensor MaxPool2d(Tensor input, int kernelSize, int? stride, int padding, Tensor result, Tensor adjoint) =>
        Tensor.Pool2dGradient(input, (kernelSize, kernelSize), stride is { } s ? (s, s) : null, (padding, padding), adjoint, max: true);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.MaxPool2d))]
    public static Tensor MaxPool2d(
        Tensor input, (int Height, int Width) kernelSize, (int Height, int Width)? stride, (int Height, int Width) padding, Tensor result, Tensor adjoint) =>
        Tensor.Pool2dGradient(input, kernelSize, stride, padding, adjoint, max: true);

    /// <summary>Each window's adjoint is shared equally (÷ kernel area, padding included) by its pixels.</summary>
    [DerivativeOf(typeof(Tensor), nameof(Tensor.AvgPool2d))]
    public static Tensor AvgPool2d(Tensor input, int kernelSize, int? stride, int padding, Tensor result, Tensor adjoint) =>
        Tensor.Pool2dGradient(input, (kernelSize, kernelSize), stride is { } s ? (s, s) : null, (padding, padding), adjoint, max: false);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.AvgPool2d))]
    public static Tensor AvgPool2d(
        Tensor input, (int Height, int Width) kernelSize, (int Height, int Width)? stride, (int Height, int Width) padding, Tensor result, Tensor adjoint) =>
        Tensor.Pool2dGradient(input, kernelSize, stride, padding, adjoint, max: false);
}

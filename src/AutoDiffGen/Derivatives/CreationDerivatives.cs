namespace AutoDiffGen.Derivatives;

/// <summary>
/// Creation ops that take a tensor only for its shape, dtype and device. They are declared
/// <see cref="DerivativeOfAttribute.ShapeOnly"/>: the generator treats the call as a constant, so nothing flows back
/// into the tensor and no gradient-stop warning is given (as in PyTorch, where <c>torch.zeros_like(x)</c> never
/// requires grad). The rules below are never called by generated code; they return the zero adjoint that is the
/// derivative with respect to the tensor's values.
/// </summary>
public static class CreationDerivatives
{
    [DerivativeOf(typeof(Tensor), nameof(Tensor.ZerosLike), ShapeOnly = true)]
    public static Tensor ZerosLike(Tensor other, Tensor result, Tensor adjoint) => Tensor.ZerosLike(other);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.OnesLike), ShapeOnly = true)]
    public static Tensor OnesLike(Tensor other, Tensor result, Tensor adjoint) => Tensor.ZerosLike(other);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.EmptyLike), ShapeOnly = true)]
    public static Tensor EmptyLike(Tensor other, Tensor result, Tensor adjoint) => Tensor.ZerosLike(other);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.RandLike), ShapeOnly = true)]
    public static Tensor RandLike(Tensor other, Generator? generator, Tensor result, Tensor adjoint) => Tensor.ZerosLike(other);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.RandnLike), ShapeOnly = true)]
    public static Tensor RandnLike(Tensor other, Generator? generator, Tensor result, Tensor adjoint) => Tensor.ZerosLike(other);

    // The fill value is differentiable (every element is it); the other tensor gives only its shape.
    [DerivativeOf(typeof(Tensor), nameof(Tensor.FullLike))]
    public static double FullLike([NoDiff] Tensor other, double value, Tensor result, Tensor adjoint) => adjoint.Sum().Item<double>();

    // A sample is piecewise constant in the probabilities: its derivative is zero (PyTorch: zeros_like for p).
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Bernoulli), StopsGradient = true)]
    public static Tensor Bernoulli(Tensor p, Generator? generator, Tensor result, Tensor adjoint) => Tensor.ZerosLike(p);

    // Every element is the fill value: its adjoint is the sum of the elements' adjoints.
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Full))]
    public static double Full(int[] shape, double value, DType dtype, Tensor result, Tensor adjoint) => adjoint.Sum().Item<double>();

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Full))]
    public static double Full(int[] shape, double value, DType dtype, Device device, Tensor result, Tensor adjoint) => adjoint.Sum().Item<double>();

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Scalar))]
    public static double Scalar(double value, DType dtype, Tensor result, Tensor adjoint) => adjoint.Sum().Item<double>();

    // Element i is start + i·step; the count depends on end only through a floor, so end's derivative is 0.
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Arange))]
    public static (double Start, double End, double Step) Arange(double start, double end, double step, DType dtype, Tensor result, Tensor adjoint)
    {
        var g = adjoint.To(DType.Float64);
        var positions = Tensor.Arange(0.0, g.NumElements, 1.0, DType.Float64).To(g.Device);
        return (g.Sum().Item<double>(), 0, (g * positions).Sum().Item<double>());
    }

    // Element i is start + (end - start)·i/(steps - 1) (start alone when steps is 1).
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Linspace))]
    public static (double Start, double End) Linspace(double start, double end, int steps, DType dtype, Tensor result, Tensor adjoint)
    {
        var g = adjoint.To(DType.Float64);
        var t = steps > 1 ? Tensor.Linspace(0, 1, steps, DType.Float64).To(g.Device) : Tensor.ZerosLike(g);
        return ((g * (1 - t)).Sum().Item<double>(), (g * t).Sum().Item<double>());
    }

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Bernoulli), StopsGradient = true)]
    public static double Bernoulli(double p, int[] shape, DType dtype, Generator? generator, Tensor result, Tensor adjoint) => 0;
}

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
}

namespace AutoDiffGen.Derivatives;

/// <summary>
/// Rules for operations that are piecewise constant or return indices or masks: Floor, Round, Sign, ArgMax,
/// comparisons and logical ops. Their derivative is zero wherever it exists, so the gradient stops there; each rule
/// says so with <see cref="DerivativeOfAttribute.StopsGradient"/>, and the analyzers warn (ADG0005) unless the
/// operand is detached first. The adjoint returned is zero, shaped like the operand.
/// </summary>
public static class StopDerivatives
{
    [DerivativeOf(typeof(Math), nameof(Math.Floor), StopsGradient = true)]
    public static double Floor(double x, double result, double adjoint) => 0;

    [DerivativeOf(typeof(Math), nameof(Math.Ceiling), StopsGradient = true)]
    public static double Ceiling(double x, double result, double adjoint) => 0;

    [DerivativeOf(typeof(Math), nameof(Math.Round), StopsGradient = true)]
    public static double Round(double x, double result, double adjoint) => 0;

    [DerivativeOf(typeof(Math), nameof(Math.Truncate), StopsGradient = true)]
    public static double Truncate(double x, double result, double adjoint) => 0;

    [DerivativeOf(typeof(MathF), nameof(MathF.Floor), StopsGradient = true)]
    public static float Floor(float x, float result, float adjoint) => 0;

    [DerivativeOf(typeof(MathF), nameof(MathF.Ceiling), StopsGradient = true)]
    public static float Ceiling(float x, float result, float adjoint) => 0;

    [DerivativeOf(typeof(MathF), nameof(MathF.Round), StopsGradient = true)]
    public static float Round(float x, float result, float adjoint) => 0;

    [DerivativeOf(typeof(MathF), nameof(MathF.Truncate), StopsGradient = true)]
    public static float Truncate(float x, float result, float adjoint) => 0;

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Floor), StopsGradient = true)]
    public static Tensor Floor(Tensor x, Tensor result, Tensor adjoint) => Tensor.ZerosLike(x);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Ceil), StopsGradient = true)]
    public static Tensor Ceil(Tensor x, Tensor result, Tensor adjoint) => Tensor.ZerosLike(x);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Round), StopsGradient = true)]
    public static Tensor Round(Tensor x, Tensor result, Tensor adjoint) => Tensor.ZerosLike(x);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Sign), StopsGradient = true)]
    public static Tensor Sign(Tensor x, Tensor result, Tensor adjoint) => Tensor.ZerosLike(x);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.ArgMax), StopsGradient = true)]
    public static Tensor ArgMax(Tensor x, Tensor result, Tensor adjoint) => Tensor.ZerosLike(x);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.ArgMax), StopsGradient = true)]
    public static Tensor ArgMax(Tensor x, int dim, bool keepDim, Tensor result, Tensor adjoint) => Tensor.ZerosLike(x);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.ArgMin), StopsGradient = true)]
    public static Tensor ArgMin(Tensor x, Tensor result, Tensor adjoint) => Tensor.ZerosLike(x);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.ArgMin), StopsGradient = true)]
    public static Tensor ArgMin(Tensor x, int dim, bool keepDim, Tensor result, Tensor adjoint) => Tensor.ZerosLike(x);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Eq), StopsGradient = true)]
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Ne), StopsGradient = true)]
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Gt), StopsGradient = true)]
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Ge), StopsGradient = true)]
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Lt), StopsGradient = true)]
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Le), StopsGradient = true)]
    public static (Tensor X, Tensor Other) Compare(Tensor x, Tensor other, Tensor result, Tensor adjoint) => (Tensor.ZerosLike(x), Tensor.ZerosLike(other));

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Eq), StopsGradient = true)]
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Ne), StopsGradient = true)]
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Gt), StopsGradient = true)]
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Ge), StopsGradient = true)]
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Lt), StopsGradient = true)]
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Le), StopsGradient = true)]
    public static (Tensor X, double Other) Compare(Tensor x, double other, Tensor result, Tensor adjoint) => (Tensor.ZerosLike(x), 0);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.LogicalNot), StopsGradient = true)]
    public static Tensor LogicalNot(Tensor x, Tensor result, Tensor adjoint) => Tensor.ZerosLike(x);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.LogicalAnd), StopsGradient = true)]
    [DerivativeOf(typeof(Tensor), nameof(Tensor.LogicalOr), StopsGradient = true)]
    [DerivativeOf(typeof(Tensor), nameof(Tensor.LogicalXor), StopsGradient = true)]
    public static (Tensor X, Tensor Other) Logical(Tensor x, Tensor other, Tensor result, Tensor adjoint) => (Tensor.ZerosLike(x), Tensor.ZerosLike(other));
}

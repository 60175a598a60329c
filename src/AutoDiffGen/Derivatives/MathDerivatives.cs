namespace AutoDiffGen.Derivatives;

/// <summary>
/// Derivative rules (vector-Jacobian products) for <see cref="double"/> arithmetic and <see cref="Math"/>. Each rule
/// takes the original's arguments, its result and the result's adjoint, and returns the arguments' adjoints.
/// Floor, Ceiling, Round and Truncate are piecewise constant: their zero rules are in StopDerivatives.
/// </summary>
public static class MathDerivatives
{
    [DerivativeOf(typeof(double), "op_Addition")]
    public static (double X, double Y) Addition(double x, double y, double result, double adjoint) =>
        (adjoint, adjoint);

    [DerivativeOf(typeof(double), "op_Subtraction")]
    public static (double X, double Y) Subtraction(double x, double y, double result, double adjoint) =>
        (adjoint, -adjoint);

    [DerivativeOf(typeof(double), "op_Multiply")]
    public static (double X, double Y) Multiply(double x, double y, double result, double adjoint) =>
        (adjoint * y, adjoint * x);

    [DerivativeOf(typeof(double), "op_Division")]
    public static (double X, double Y) Division(double x, double y, double result, double adjoint) =>
        (adjoint / y, -adjoint * x / (y * y));

    [DerivativeOf(typeof(double), "op_UnaryNegation")]
    public static double UnaryNegation(double x, double result, double adjoint) =>
        -adjoint;

    [DerivativeOf(typeof(double), "op_UnaryPlus")]
    public static double UnaryPlus(double x, double result, double adjoint) =>
        adjoint;

    [DerivativeOf(typeof(Math), nameof(Math.Sin))]
    public static double Sin(double x, double result, double adjoint) =>
        adjoint * Math.Cos(x);

    [DerivativeOf(typeof(Math), nameof(Math.Cos))]
    public static double Cos(double x, double result, double adjoint) =>
        -adjoint * Math.Sin(x);

    [DerivativeOf(typeof(Math), nameof(Math.Tan))]
    public static double Tan(double x, double result, double adjoint) =>
        adjoint * (1 + (result * result));

    [DerivativeOf(typeof(Math), nameof(Math.Asin))]
    public static double Asin(double x, double result, double adjoint) =>
        adjoint / Math.Sqrt(1 - (x * x));

    [DerivativeOf(typeof(Math), nameof(Math.Acos))]
    public static double Acos(double x, double result, double adjoint) =>
        -adjoint / Math.Sqrt(1 - (x * x));

    [DerivativeOf(typeof(Math), nameof(Math.Atan))]
    public static double Atan(double x, double result, double adjoint) =>
        adjoint / (1 + (x * x));

    [DerivativeOf(typeof(Math), nameof(Math.Atan2))]
    public static (double Y, double X) Atan2(double y, double x, double result, double adjoint) =>
        (adjoint * x / ((x * x) + (y * y)), -adjoint * y / ((x * x) + (y * y)));

    [DerivativeOf(typeof(Math), nameof(Math.Sinh))]
    public static double Sinh(double x, double result, double adjoint) =>
        adjoint * Math.Cosh(x);

    [DerivativeOf(typeof(Math), nameof(Math.Cosh))]
    public static double Cosh(double x, double result, double adjoint) =>
        adjoint * Math.Sinh(x);

    [DerivativeOf(typeof(Math), nameof(Math.Tanh))]
    public static double Tanh(double x, double result, double adjoint) =>
        adjoint * (1 - (result * result));

    [DerivativeOf(typeof(Math), nameof(Math.Exp))]
    public static double Exp(double x, double result, double adjoint) =>
        adjoint * result;

    [DerivativeOf(typeof(Math), nameof(Math.Log))]
    public static double Log(double x, double result, double adjoint) =>
        adjoint / x;

    [DerivativeOf(typeof(Math), nameof(Math.Log10))]
    public static double Log10(double x, double result, double adjoint) =>
        adjoint / (x * Math.Log(10));

    [DerivativeOf(typeof(Math), nameof(Math.Log2))]
    public static double Log2(double x, double result, double adjoint) =>
        adjoint / (x * Math.Log(2));

    [DerivativeOf(typeof(Math), nameof(Math.Sqrt))]
    public static double Sqrt(double x, double result, double adjoint) =>
        adjoint / (2 * result);

    [DerivativeOf(typeof(Math), nameof(Math.Cbrt))]
    public static double Cbrt(double x, double result, double adjoint) =>
        adjoint / (3 * result * result);

    [DerivativeOf(typeof(Math), nameof(Math.Pow))]
    public static (double X, double Y) Pow(double x, double y, double result, double adjoint) =>
        (y == 0 ? 0 : adjoint * y * Math.Pow(x, y - 1), x > 0 ? adjoint * result * Math.Log(x) : 0);

    [DerivativeOf(typeof(Math), nameof(Math.Abs))]
    public static double Abs(double x, double result, double adjoint) =>
        // Math.Sign throws on NaN; a NaN input gives a NaN gradient, as PyTorch's sgn(x) * grad does.
        x > 0 ? adjoint : x < 0 ? -adjoint : double.IsNaN(x) ? double.NaN : 0;

    [DerivativeOf(typeof(Math), nameof(Math.Max))]
    [DerivativeOf(typeof(double), nameof(double.Max))]
    public static (double X, double Y) Max(double x, double y, double result, double adjoint) =>
        x >= y ? (adjoint, 0) : (0, adjoint);

    [DerivativeOf(typeof(Math), nameof(Math.Min))]
    [DerivativeOf(typeof(double), nameof(double.Min))]
    public static (double X, double Y) Min(double x, double y, double result, double adjoint) =>
        x <= y ? (adjoint, 0) : (0, adjoint);

    [DerivativeOf(typeof(Math), nameof(Math.FusedMultiplyAdd))]
    public static (double X, double Y, double Z) FusedMultiplyAdd(double x, double y, double z, double result, double adjoint) =>
        (adjoint * y, adjoint * x, adjoint);
}

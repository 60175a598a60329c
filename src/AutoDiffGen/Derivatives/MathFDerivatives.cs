namespace AutoDiffGen.Derivatives;

/// <summary>
/// Derivative rules (vector-Jacobian products) for <see cref="float"/> arithmetic and <see cref="MathF"/>. Each rule
/// takes the original's arguments, its result and the result's adjoint, and returns the arguments' adjoints.
/// Floor, Ceiling, Round and Truncate are piecewise constant: their zero rules are in StopDerivatives.
/// </summary>
public static class MathFDerivatives
{
    [DerivativeOf(typeof(float), "op_Addition")]
    public static (float X, float Y) Addition(float x, float y, float result, float adjoint) =>
        (adjoint, adjoint);

    [DerivativeOf(typeof(float), "op_Subtraction")]
    public static (float X, float Y) Subtraction(float x, float y, float result, float adjoint) =>
        (adjoint, -adjoint);

    [DerivativeOf(typeof(float), "op_Multiply")]
    public static (float X, float Y) Multiply(float x, float y, float result, float adjoint) =>
        (adjoint * y, adjoint * x);

    [DerivativeOf(typeof(float), "op_Division")]
    public static (float X, float Y) Division(float x, float y, float result, float adjoint) =>
        (adjoint / y, -adjoint * x / (y * y));

    [DerivativeOf(typeof(float), "op_UnaryNegation")]
    public static float UnaryNegation(float x, float result, float adjoint) =>
        -adjoint;

    [DerivativeOf(typeof(float), "op_UnaryPlus")]
    public static float UnaryPlus(float x, float result, float adjoint) =>
        adjoint;

    [DerivativeOf(typeof(MathF), nameof(MathF.Sin))]
    public static float Sin(float x, float result, float adjoint) =>
        adjoint * MathF.Cos(x);

    [DerivativeOf(typeof(MathF), nameof(MathF.Cos))]
    public static float Cos(float x, float result, float adjoint) =>
        -adjoint * MathF.Sin(x);

    [DerivativeOf(typeof(MathF), nameof(MathF.Tan))]
    public static float Tan(float x, float result, float adjoint) =>
        adjoint * (1f + (result * result));

    [DerivativeOf(typeof(MathF), nameof(MathF.Asin))]
    public static float Asin(float x, float result, float adjoint) =>
        adjoint / MathF.Sqrt(1f - (x * x));

    [DerivativeOf(typeof(MathF), nameof(MathF.Acos))]
    public static float Acos(float x, float result, float adjoint) =>
        -adjoint / MathF.Sqrt(1f - (x * x));

    [DerivativeOf(typeof(MathF), nameof(MathF.Atan))]
    public static float Atan(float x, float result, float adjoint) =>
        adjoint / (1f + (x * x));

    [DerivativeOf(typeof(MathF), nameof(MathF.Atan2))]
    public static (float Y, float X) Atan2(float y, float x, float result, float adjoint) =>
        (adjoint * x / ((x * x) + (y * y)), -adjoint * y / ((x * x) + (y * y)));

    [DerivativeOf(typeof(MathF), nameof(MathF.Sinh))]
    public static float Sinh(float x, float result, float adjoint) =>
        adjoint * MathF.Cosh(x);

    [DerivativeOf(typeof(MathF), nameof(MathF.Cosh))]
    public static float Cosh(float x, float result, float adjoint) =>
        adjoint * MathF.Sinh(x);

    [DerivativeOf(typeof(MathF), nameof(MathF.Tanh))]
    public static float Tanh(float x, float result, float adjoint) =>
        adjoint * (1f - (result * result));

    [DerivativeOf(typeof(MathF), nameof(MathF.Exp))]
    public static float Exp(float x, float result, float adjoint) =>
        adjoint * result;

    [DerivativeOf(typeof(MathF), nameof(MathF.Log))]
    public static float Log(float x, float result, float adjoint) =>
        adjoint / x;

    [DerivativeOf(typeof(MathF), nameof(MathF.Log10))]
    public static float Log10(float x, float result, float adjoint) =>
        adjoint / (x * MathF.Log(10));

    [DerivativeOf(typeof(MathF), nameof(MathF.Log2))]
    public static float Log2(float x, float result, float adjoint) =>
        adjoint / (x * MathF.Log(2));

    [DerivativeOf(typeof(MathF), nameof(MathF.Sqrt))]
    public static float Sqrt(float x, float result, float adjoint) =>
        adjoint / (2f * result);

    [DerivativeOf(typeof(MathF), nameof(MathF.Cbrt))]
    public static float Cbrt(float x, float result, float adjoint) =>
        adjoint / (3f * result * result);

    [DerivativeOf(typeof(MathF), nameof(MathF.Pow))]
    public static (float X, float Y) Pow(float x, float y, float result, float adjoint) =>
        (y == 0 ? 0 : adjoint * y * MathF.Pow(x, y - 1), x > 0 ? adjoint * result * MathF.Log(x) : 0);

    [DerivativeOf(typeof(MathF), nameof(MathF.Abs))]
    public static float Abs(float x, float result, float adjoint) =>
        // Math.Sign throws on NaN; a NaN input gives a NaN gradient, as PyTorch's sgn(x) * grad does.
        x > 0 ? adjoint : x < 0 ? -adjoint : float.IsNaN(x) ? float.NaN : 0;

    [DerivativeOf(typeof(MathF), nameof(MathF.Max))]
    public static (float X, float Y) Max(float x, float y, float result, float adjoint) =>
        x >= y ? (adjoint, 0) : (0, adjoint);

    [DerivativeOf(typeof(MathF), nameof(MathF.Min))]
    public static (float X, float Y) Min(float x, float y, float result, float adjoint) =>
        x <= y ? (adjoint, 0) : (0, adjoint);

    [DerivativeOf(typeof(MathF), nameof(MathF.FusedMultiplyAdd))]
    public static (float X, float Y, float Z) FusedMultiplyAdd(float x, float y, float z, float result, float adjoint) =>
        (adjoint * y, adjoint * x, adjoint);
}

namespace AutoDiffGen.Derivatives;

/// <summary>
/// Rules for the scalar selections that Math and MathF lack and the generic-math statics on <see cref="double"/> and
/// <see cref="float"/> (<c>double.Max</c>, <c>float.Clamp</c>, ...). Each sends the adjoint to the argument .NET
/// returns, so the gradient also reaches a bound or the other operand when that is what the method picked:
/// Clamp passes it to the value where min &lt;= value &lt;= max (bounds included, as torch.clamp does) and to the
/// bound it was clamped to otherwise; Max/Min give a tie to the first argument, as the Math.Max rule does; a NaN
/// operand of Max/Min gives a NaN result whose gradient goes where the comparison sends it. MaxMagnitude and
/// MinMagnitude repeat .NET's own choice, NaN and equal magnitudes of opposite sign included.
/// </summary>
public static class NumberDerivatives
{
    // double.Max and double.Min share Math.Max's and Math.Min's rules (MathDerivatives); the rest stack the
    // generic-math statics on the Math rule they equal.
    [DerivativeOf(typeof(Math), nameof(Math.Clamp))]
    [DerivativeOf(typeof(double), nameof(double.Clamp))]
    public static (double Value, double Min, double Max) Clamp(double value, double min, double max, double result, double adjoint) =>
        value < min ? (0, adjoint, 0) : value > max ? (0, 0, adjoint) : (adjoint, 0, 0);

    [DerivativeOf(typeof(Math), nameof(Math.Clamp))]
    [DerivativeOf(typeof(float), nameof(float.Clamp))]
    public static (float Value, float Min, float Max) Clamp(float value, float min, float max, float result, float adjoint) =>
        value < min ? (0, adjoint, 0) : value > max ? (0, 0, adjoint) : (adjoint, 0, 0);

    [DerivativeOf(typeof(Math), nameof(Math.Max))]
    [DerivativeOf(typeof(float), nameof(float.Max))]
    public static (float X, float Y) Max(float x, float y, float result, float adjoint) =>
        x >= y ? (adjoint, 0) : (0, adjoint);

    [DerivativeOf(typeof(Math), nameof(Math.Min))]
    [DerivativeOf(typeof(float), nameof(float.Min))]
    public static (float X, float Y) Min(float x, float y, float result, float adjoint) =>
        x <= y ? (adjoint, 0) : (0, adjoint);

    [DerivativeOf(typeof(Math), nameof(Math.Abs))]
    public static float Abs(float x, float result, float adjoint) =>
        // Math.Sign throws on NaN; a NaN input gives a NaN gradient, as PyTorch's sgn(x) * grad does.
        x > 0 ? adjoint : x < 0 ? -adjoint : float.IsNaN(x) ? float.NaN : 0;

    [DerivativeOf(typeof(Math), nameof(Math.MaxMagnitude))]
    [DerivativeOf(typeof(double), nameof(double.MaxMagnitude))]
    public static (double X, double Y) MaxMagnitude(double x, double y, double result, double adjoint) =>
        PicksFirstOfMaxMagnitude(x, y) ? (adjoint, 0) : (0, adjoint);

    [DerivativeOf(typeof(Math), nameof(Math.MinMagnitude))]
    [DerivativeOf(typeof(double), nameof(double.MinMagnitude))]
    public static (double X, double Y) MinMagnitude(double x, double y, double result, double adjoint) =>
        PicksFirstOfMinMagnitude(x, y) ? (adjoint, 0) : (0, adjoint);

    [DerivativeOf(typeof(float), nameof(float.MaxMagnitude))]
    public static (float X, float Y) MaxMagnitude(float x, float y, float result, float adjoint) =>
        PicksFirstOfMaxMagnitude(x, y) ? (adjoint, 0) : (0, adjoint);

    [DerivativeOf(typeof(float), nameof(float.MinMagnitude))]
    public static (float X, float Y) MinMagnitude(float x, float y, float result, float adjoint) =>
        PicksFirstOfMinMagnitude(x, y) ? (adjoint, 0) : (0, adjoint);

    // A [Differentiable] method's conversions between float and double (implicit or cast) use these two rules: the
    // adjoint is converted back to the operand's type.
    [DerivativeOf(typeof(Convert), nameof(Convert.ToSingle))]
    public static double ToSingle(double value, float result, float adjoint) =>
        adjoint;

    [DerivativeOf(typeof(Convert), nameof(Convert.ToDouble))]
    public static float ToDouble(float value, double result, double adjoint) =>
        (float)adjoint;

    // The branches of System.Double.MaxMagnitude/MinMagnitude, so the adjoint follows the operand they return.
    // A float widens to double exactly, so one test serves both types.
    private static bool PicksFirstOfMaxMagnitude(double x, double y)
    {
        double ax = Math.Abs(x), ay = Math.Abs(y);
        return ax > ay || double.IsNaN(ax) || (ax == ay && !double.IsNegative(x));
    }

    private static bool PicksFirstOfMinMagnitude(double x, double y)
    {
        double ax = Math.Abs(x), ay = Math.Abs(y);
        return ax < ay || double.IsNaN(ax) || (ax == ay && double.IsNegative(x));
    }
}

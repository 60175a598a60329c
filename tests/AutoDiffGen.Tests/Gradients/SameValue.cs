namespace AutoDiffGen.Tests;

/// <summary>
/// Deliverable of issue 22: wherever a test checks a generated gradient it also checks that
/// <c>WithGradient(...).Value</c> is the method's own result. Bit for bit for scalars and for tensors run op by op;
/// <see cref="Fused(Tensor, Tensor)"/> is the one documented exception (README: a fused region sums in vector lanes,
/// so a fused <c>Sum()</c>/<c>Mean()</c> may differ in the last bits, within 1e-12 × (1 + |value|) in float64).
/// </summary>
internal static class SameValue
{
    /// <summary>The method's value and WithGradient's, bit for bit (NaN payloads included).</summary>
    public static void Bits(double method, double withGradient) =>
        Assert.True(
            BitConverter.DoubleToInt64Bits(method) == BitConverter.DoubleToInt64Bits(withGradient),
            $"WithGradient(...).Value {withGradient:R} (0x{BitConverter.DoubleToInt64Bits(withGradient):X16}) but the method returns {method:R} (0x{BitConverter.DoubleToInt64Bits(method):X16})");

    public static void Bits(float method, float withGradient) =>
        Assert.True(
            BitConverter.SingleToInt32Bits(method) == BitConverter.SingleToInt32Bits(withGradient),
            $"WithGradient(...).Value {withGradient:R} (0x{BitConverter.SingleToInt32Bits(withGradient):X8}) but the method returns {method:R} (0x{BitConverter.SingleToInt32Bits(method):X8})");

    /// <summary>Same shape, dtype and every element's bits.</summary>
    public static void Bits(Tensor method, Tensor withGradient)
    {
        var (m, w) = Elements(method, withGradient);
        for (var i = 0; i < m.Length; i++)
        {
            Assert.True(
                BitConverter.DoubleToInt64Bits(m[i]) == BitConverter.DoubleToInt64Bits(w[i]),
                $"element {i}: WithGradient(...).Value {w[i]:R} but the method returns {m[i]:R}");
        }
    }

    /// <summary>
    /// A value computed in a fused region: within 1e-12 × (1 + |v|) of the method's, the tolerance README states for a
    /// fused Sum()/Mean() (lane-wise summation), float64 only. Fused regions also contract a·b + c into one
    /// multiply-add and use vectorized Tanh/Exp, which README does not mention yet: the sites that rely on that say so.
    /// </summary>
    public static void Fused(Tensor method, Tensor withGradient)
    {
        var (m, w) = Elements(method, withGradient);
        for (var i = 0; i < m.Length; i++)
        {
            Assert.True(
                Math.Abs(m[i] - w[i]) <= 1e-12 * (1 + Math.Abs(m[i])) || BitConverter.DoubleToInt64Bits(m[i]) == BitConverter.DoubleToInt64Bits(w[i]),
                $"element {i}: WithGradient(...).Value {w[i]:R} but the method returns {m[i]:R} (beyond the fused-sum tolerance 1e-12·(1+|v|))");
        }
    }

    public static void Fused(double method, double withGradient) => Fused(Tensor.Scalar(method, DType.Float64), Tensor.Scalar(withGradient, DType.Float64));

    private static (double[] Method, double[] WithGradient) Elements(Tensor method, Tensor withGradient)
    {
        Assert.Equal(method.Shape.ToArray(), withGradient.Shape.ToArray());
        Assert.Equal(method.DType, withGradient.DType);
        return (method.Contiguous().To(DType.Float64).ToArray<double>(), withGradient.Contiguous().To(DType.Float64).ToArray<double>());
    }
}

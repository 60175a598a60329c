namespace AutoDiffGen.Tests.Gradients;

/// <summary>The methods of <see cref="Calls"/>: values bit for bit equal to the methods', gradients against finite differences.</summary>
public class CallTests
{
    [Fact]
    public void Ref_and_out_tensor_helpers_are_inlined()
    {
        var x = Tensor.FromArray(new[] { 0.3, -1.2, 2.0 }, [3]);
        var s = Tensor.FromArray(new[] { 0.8, 0.5, -0.4 }, [3]);
        var (value, (gx, gs)) = Calls.RefTensorsWithGradient(x, s);

        // Fused elementwise loops may use the vectorized Tanh: equal to the method's to the last bit or two.
        Assert.Equal(Calls.RefTensors(x, s).Item<double>(), value.Item<double>(), 14);
        Central(u => Calls.RefTensors(u, s).Item<double>(), x, gx);
        Central(u => Calls.RefTensors(x, u).Item<double>(), s, gs);
    }

    [Fact]
    public void In_parameters_float_conversions_and_scalar_selections()
    {
        // Small points: float rounding of (float)x stays far below the finite differences' step.
        foreach (var (x, y) in new[] { (1.3e-5, 2.1e-5), (-0.7e-5, 1.7e-5), (1.9e-5, -0.6e-5) })
        {
            var (value, (gx, gy)) = Calls.MixedWithGradient(x, y);
            Assert.Equal(Calls.Mixed(x, y), value);
            const double h = 1e-7;
            Close((Calls.Mixed(x + h, y) - Calls.Mixed(x - h, y)) / (2 * h), gx);
            Close((Calls.Mixed(x, y + h) - Calls.Mixed(x, y - h)) / (2 * h), gy);
        }
    }

    private static void Central(Func<Tensor, double> f, Tensor at, Tensor gradient)
    {
        var values = at.ToArray<double>();
        var analytic = gradient.ToArray<double>();
        for (var i = 0; i < values.Length; i++)
        {
            const double h = 1e-6;
            var plus = (double[])values.Clone();
            var minus = (double[])values.Clone();
            plus[i] += h;
            minus[i] -= h;
            var numeric = (f(Tensor.FromArray(plus, [values.Length])) - f(Tensor.FromArray(minus, [values.Length]))) / (2 * h);
            Close(numeric, analytic[i]);
        }
    }

    private static void Close(double numeric, double analytic) =>
        Assert.True(Math.Abs(numeric - analytic) <= 1e-6 + (1e-6 * Math.Abs(numeric)), $"analytic {analytic}, numeric {numeric}");
}

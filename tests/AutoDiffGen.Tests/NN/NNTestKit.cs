namespace AutoDiffGen.Tests.NN;

/// <summary>
/// Central finite differences for the layer ops (float64). The step is relative, 1e-4 by default: the convolution
/// and linear maps are exactly linear in each argument (no truncation error at any step), and for the smooth ops
/// (norms, GELU) h²·f‴/6 stays near 1e-9, while the rounding error ε·|f|/h of a sum over hundreds of outputs would
/// reach 1e-8 at the 1e-6 step of the loss tests. Piecewise-linear ops (pools) pass a small step so that no
/// perturbation crosses a tie.
/// </summary>
internal static class NNTestKit
{
    public static double[] Numeric(Func<double> f, Tensor x, double step)
    {
        var flat = x.View(-1);
        var result = new double[x.NumElements];
        for (var i = 0; i < result.Length; i++)
        {
            var original = flat[i].Item<double>();
            var h = step * Math.Max(1, Math.Abs(original));
            flat[i] = Tensor.Scalar(original + h, DType.Float64);
            var up = f();
            flat[i] = Tensor.Scalar(original - h, DType.Float64);
            var down = f();
            flat[i] = Tensor.Scalar(original, DType.Float64);
            result[i] = (up - down) / (2 * h);
        }

        return result;
    }

    /// <summary>
    /// <paramref name="result"/> is WithGradient of the method f reads at this point: its value must be f's own and its
    /// gradient with respect to x must match central differences of f. The methods of <see cref="NNFunctions"/> end in
    /// <c>(… * weights).Sum()</c>, which the generator fuses: the value is held to README's fused-sum tolerance.
    /// </summary>
    public static void AssertGradient(Func<double> f, Tensor x, (Tensor Value, Tensor Gradient) result, double step = 1e-4)
    {
        SameValue.Fused(f(), result.Value.Item<double>());
        AssertGradient(f, x, result.Gradient, step);
    }

    /// <summary>|analytic − numeric| ≤ 1e-8 + 1e-6·|numeric| element by element (the design's gradient-check bound).</summary>
    public static void AssertGradient(Func<double> f, Tensor x, Tensor? analytic, double step = 1e-4)
    {
        Assert.NotNull(analytic);
        Assert.Equal(x.Shape.ToArray(), analytic.Shape.ToArray());
        var numeric = Numeric(f, x, step);
        var a = analytic.ToArray<double>();
        for (var i = 0; i < a.Length; i++)
        {
            Assert.True(Math.Abs(a[i] - numeric[i]) <= 1e-8 + (1e-6 * Math.Abs(numeric[i])), $"element {i}: analytic {a[i]}, numeric {numeric[i]}");
        }
    }
}

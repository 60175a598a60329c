namespace AutoDiffGen.Tests.Gradients;

/// <summary>Central finite differences in float64, element by element, shared by the tensor gradient tests.</summary>
internal static class OpFiniteDifference
{
    public static Tensor Random(System.Random rng, params int[] shape)
    {
        var n = shape.Aggregate(1, (a, b) => a * b);
        return Tensor.FromArray(Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 2) - 1).ToArray(), shape);
    }

    /// <summary>The numeric gradient of f at x, perturbing one element at a time (x is float64 and restored).</summary>
    public static double[] Numeric(Func<Tensor, double> f, Tensor x)
    {
        var flat = x.View(-1);
        var result = new double[x.NumElements];
        for (var i = 0; i < result.Length; i++)
        {
            var original = flat[i].Item<double>();
            var h = 1e-6 * Math.Max(1, Math.Abs(original));
            flat[i] = Tensor.Scalar(original + h, DType.Float64);
            var up = f(x);
            flat[i] = Tensor.Scalar(original - h, DType.Float64);
            var down = f(x);
            flat[i] = Tensor.Scalar(original, DType.Float64);
            result[i] = (up - down) / (2 * h);
        }

        return result;
    }

    /// <summary>Checks the gradient of f with respect to x against central differences of f's value.</summary>
    public static void Check(Func<Tensor, Tensor> f, Tensor x, Tensor analytic)
    {
        Assert.Equal(x.Shape.ToArray(), analytic.Shape.ToArray());
        Assert.Equal(x.DType, analytic.DType);
        Same(Numeric(t => f(t).Item<double>(), x), analytic);
    }

    /// <summary>
    /// <paramref name="result"/> is f's WithGradient at x: its value must be f(x), its gradient f's. Every method of
    /// <see cref="OpFunctions"/> ends in <c>(… * w).Sum()</c>, which the generator fuses: the value is held to the
    /// fused-sum tolerance README states, not to the bit.
    /// </summary>
    public static void Check(Func<Tensor, Tensor> f, Tensor x, (Tensor Value, Tensor Gradient) result)
    {
        SameValue.Fused(f(x), result.Value);
        Check(f, x, result.Gradient);
    }

    public static void Same(double[] expected, Tensor analytic)
    {
        var a = analytic.ToArray<double>();
        Assert.Equal(expected.Length, a.Length);
        for (var i = 0; i < a.Length; i++)
        {
            Assert.True(Math.Abs(a[i] - expected[i]) <= 1e-7 + (1e-6 * Math.Abs(expected[i])), $"element {i}: analytic {a[i]}, expected {expected[i]}");
        }
    }
}

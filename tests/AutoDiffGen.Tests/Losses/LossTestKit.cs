namespace AutoDiffGen.Tests.Losses;

/// <summary>Random inputs, independent double-loop references and a central finite-difference check for the losses.</summary>
internal static class LossTestKit
{
    public static Tensor Random(System.Random rng, params int[] shape)
    {
        var n = shape.Aggregate(1, (a, b) => a * b);
        return Tensor.FromArray(Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 4) - 2).ToArray(), shape);
    }

    public static Tensor Indices(System.Random rng, int rows, int classes, bool single = false) => single
        ? Tensor.Scalar((long)rng.Next(classes))
        : Tensor.FromArray(Enumerable.Range(0, rows).Select(_ => (long)rng.Next(classes)).ToArray(), [rows]);

    /// <summary>Rows of probabilities summing to 1, with one class at exactly 0 per row.</summary>
    public static Tensor Probabilities(System.Random rng, params int[] shape)
    {
        var classes = shape[^1];
        var rows = shape.Aggregate(1, (a, b) => a * b) / classes;
        var data = new double[rows * classes];
        for (var r = 0; r < rows; r++)
        {
            var zero = rng.Next(classes);
            var sum = 0.0;
            for (var c = 0; c < classes; c++)
            {
                data[(r * classes) + c] = c == zero ? 0 : rng.NextDouble() + 0.1;
                sum += data[(r * classes) + c];
            }

            for (var c = 0; c < classes; c++)
            {
                data[(r * classes) + c] /= sum;
            }
        }

        return Tensor.FromArray(data, shape);
    }

    /// <summary>Per-row cross-entropy Σ_c q_c·(lse − x_c) over q_c ≠ 0, with q = (1 − ε)·target + ε/C.</summary>
    public static double[] CrossEntropy(Tensor logits, Tensor target, double smoothing)
    {
        var x = logits.ToArray<double>();
        var classes = logits.Shape[^1];
        var rows = x.Length / classes;
        var indices = target.DType == DType.Int64 ? target.ToArray<long>() : null;
        var p = indices is null ? target.ToArray<double>() : null;
        var loss = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            var max = double.NegativeInfinity;
            for (var c = 0; c < classes; c++)
            {
                max = Math.Max(max, x[(r * classes) + c]);
            }

            var sum = 0.0;
            for (var c = 0; c < classes; c++)
            {
                sum += Math.Exp(x[(r * classes) + c] - max);
            }

            var lse = max + Math.Log(sum);
            for (var c = 0; c < classes; c++)
            {
                var t = indices is null ? p![(r * classes) + c] : (indices[r] == c ? 1.0 : 0.0);
                var q = ((1 - smoothing) * t) + (smoothing / classes);
                if (q != 0)
                {
                    loss[r] += q * (lse - x[(r * classes) + c]);
                }
            }
        }

        return loss;
    }

    /// <summary>−(w·y·log σ(x) + (1 − y)·log(1 − σ(x))), the textbook form (fine for moderate x).</summary>
    public static double[] Bce(Tensor logits, Tensor target, double[]? posWeight)
    {
        var x = logits.ToArray<double>();
        var y = target.ToArray<double>();
        var classes = logits.Shape[^1];
        return x.Select((v, i) =>
        {
            var s = 1 / (1 + Math.Exp(-v));
            var w = posWeight is null ? 1 : posWeight[i % classes];
            return -((w * y[i] * Math.Log(s)) + ((1 - y[i]) * Math.Log(1 - s)));
        }).ToArray();
    }

    public static double Reduce(double[] perElement, Reduction reduction) =>
        reduction == Reduction.Sum ? perElement.Sum() : perElement.Average();

    /// <summary>The numeric gradient of f at x (float64; restored after each perturbation).</summary>
    public static double[] Numeric(Func<double> f, Tensor x)
    {
        var flat = x.View(-1);
        var result = new double[x.NumElements];
        for (var i = 0; i < result.Length; i++)
        {
            var original = flat[i].Item<double>();
            var h = 1e-6 * Math.Max(1, Math.Abs(original));
            flat[i] = Tensor.Scalar(original + h, DType.Float64);
            var up = f();
            flat[i] = Tensor.Scalar(original - h, DType.Float64);
            var down = f();
            flat[i] = Tensor.Scalar(original, DType.Float64);
            result[i] = (up - down) / (2 * h);
        }

        return result;
    }

    /// <summary>|analytic − numeric| ≤ 1e-8 + 1e-6·|numeric| element by element.</summary>
    public static void AssertGradient(Func<double> f, Tensor x, Tensor analytic)
    {
        Assert.Equal(x.Shape.ToArray(), analytic.Shape.ToArray());
        var numeric = Numeric(f, x);
        var a = analytic.ToArray<double>();
        for (var i = 0; i < a.Length; i++)
        {
            Assert.True(Math.Abs(a[i] - numeric[i]) <= 1e-8 + (1e-6 * Math.Abs(numeric[i])), $"element {i}: analytic {a[i]}, numeric {numeric[i]}");
        }
    }

    /// <summary>
    /// <paramref name="result"/> is WithGradient of the method f reads at this point: its value must be f's own and its
    /// gradient with respect to x must match central differences of f. The methods of <see cref="LossFunctions"/> end in
    /// <c>(… * weights).Sum()</c>, which the generator fuses: the value is held to README's fused-sum tolerance.
    /// </summary>
    public static void AssertGradient(Func<double> f, Tensor x, (Tensor Value, Tensor Gradient) result)
    {
        SameValue.Fused(f(), result.Value.Item<double>());
        AssertGradient(f, x, result.Gradient);
    }

    public static void AssertValues(double[] expected, Tensor actual, double tolerance = 1e-12)
    {
        var a = actual.ToArray<double>();
        Assert.Equal(expected.Length, a.Length);
        for (var i = 0; i < a.Length; i++)
        {
            Assert.True(Math.Abs(a[i] - expected[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {a[i]}");
        }
    }
}

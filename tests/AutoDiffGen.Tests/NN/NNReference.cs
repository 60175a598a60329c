namespace AutoDiffGen.Tests.NN;

/// <summary>
/// Naive reference loops for the layer ops, written from the definitions (PyTorch's docs) over flat double arrays,
/// independent of the kernels under test: a direct 7-loop convolution, window loops for the pools, and the
/// normalisation formulas.
/// </summary>
internal static class NNReference
{
    public static Tensor Random(System.Random rng, params int[] shape)
    {
        var n = shape.Aggregate(1, (a, b) => a * b);
        return Tensor.FromArray(Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 4) - 2).ToArray(), shape);
    }

    /// <summary>y[i, o] = Σ_k x[i, k]·w[o, k] + b[o] over x flattened to [rows, in].</summary>
    public static double[] Linear(Tensor input, Tensor weight, Tensor? bias)
    {
        var x = input.ToArray<double>();
        var w = weight.ToArray<double>();
        var b = bias?.ToArray<double>();
        var (outF, inF) = (weight.Shape[0], weight.Shape[1]);
        var rows = x.Length / inF;
        var y = new double[rows * outF];
        for (var i = 0; i < rows; i++)
        {
            for (var o = 0; o < outF; o++)
            {
                var sum = b?[o] ?? 0;
                for (var k = 0; k < inF; k++)
                {
                    sum += x[(i * inF) + k] * w[(o * inF) + k];
                }

                y[(i * outF) + o] = sum;
            }
        }

        return y;
    }

    /// <summary>The direct definition: y[n,o,i,j] = b[o] + Σ_c Σ_p Σ_q x[n, c, i·sh − ph + p, j·sw − pw + q]·w[o,c,p,q].</summary>
    public static double[] Conv2d(Tensor input, Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding)
    {
        var x = input.ToArray<double>();
        var w = weight.ToArray<double>();
        var b = bias?.ToArray<double>();
        int n = input.Shape[0], c = input.Shape[1], h = input.Shape[2], wd = input.Shape[3];
        int o = weight.Shape[0], kh = weight.Shape[2], kw = weight.Shape[3];
        var oh = ((h + (2 * padding.H) - kh) / stride.H) + 1;
        var ow = ((wd + (2 * padding.W) - kw) / stride.W) + 1;
        var y = new double[n * o * oh * ow];
        for (var s = 0; s < n; s++)
        {
            for (var f = 0; f < o; f++)
            {
                for (var i = 0; i < oh; i++)
                {
                    for (var j = 0; j < ow; j++)
                    {
                        var sum = b?[f] ?? 0;
                        for (var ch = 0; ch < c; ch++)
                        {
                            for (var p = 0; p < kh; p++)
                            {
                                for (var q = 0; q < kw; q++)
                                {
                                    var (ih, iw) = ((i * stride.H) - padding.H + p, (j * stride.W) - padding.W + q);
                                    if (ih >= 0 && ih < h && iw >= 0 && iw < wd)
                                    {
                                        sum += x[(((s * c) + ch) * h * wd) + (ih * wd) + iw] * w[(((f * c) + ch) * kh * kw) + (p * kw) + q];
                                    }
                                }
                            }
                        }

                        y[(((s * o) + f) * oh * ow) + (i * ow) + j] = sum;
                    }
                }
            }
        }

        return y;
    }

    /// <summary>Max (−∞ padding) or mean (zero padding counted in the divisor) over each window of each plane.</summary>
    public static double[] Pool2d(Tensor input, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding, bool max)
    {
        var x = input.ToArray<double>();
        int h = input.Shape[^2], w = input.Shape[^1];
        var planes = x.Length / (h * w);
        var oh = ((h + (2 * padding.H) - kernel.H) / stride.H) + 1;
        var ow = ((w + (2 * padding.W) - kernel.W) / stride.W) + 1;
        var y = new double[planes * oh * ow];
        for (var pl = 0; pl < planes; pl++)
        {
            for (var i = 0; i < oh; i++)
            {
                for (var j = 0; j < ow; j++)
                {
                    var acc = max ? double.NegativeInfinity : 0;
                    for (var p = 0; p < kernel.H; p++)
                    {
                        for (var q = 0; q < kernel.W; q++)
                        {
                            var (ih, iw) = ((i * stride.H) - padding.H + p, (j * stride.W) - padding.W + q);
                            if (ih < 0 || ih >= h || iw < 0 || iw >= w)
                            {
                                continue;
                            }

                            var v = x[(pl * h * w) + (ih * w) + iw];
                            acc = max ? Math.Max(acc, v) : acc + v;
                        }
                    }

                    y[(pl * oh * ow) + (i * ow) + j] = max ? acc : acc / (kernel.H * kernel.W);
                }
            }
        }

        return y;
    }

    /// <summary>(x − mean)/√(var + eps)·w + b over rows of length d, with the biased variance.</summary>
    public static double[] LayerNorm(Tensor input, int d, Tensor? weight, Tensor? bias, double eps)
    {
        var x = input.ToArray<double>();
        var w = weight?.ToArray<double>();
        var b = bias?.ToArray<double>();
        var y = new double[x.Length];
        for (var r = 0; r < x.Length / d; r++)
        {
            var row = x.Skip(r * d).Take(d).ToArray();
            var mean = row.Average();
            var variance = row.Select(v => (v - mean) * (v - mean)).Average();
            for (var i = 0; i < d; i++)
            {
                y[(r * d) + i] = ((row[i] - mean) / Math.Sqrt(variance + eps) * (w?[i] ?? 1)) + (b?[i] ?? 0);
            }
        }

        return y;
    }

    /// <summary>Per-channel mean and biased variance of [N, C, ...].</summary>
    public static (double[] Mean, double[] Variance) ChannelStats(Tensor input)
    {
        var x = input.ToArray<double>();
        int n = input.Shape[0], c = input.Shape[1];
        var s = x.Length / (n * c);
        var mean = new double[c];
        var variance = new double[c];
        for (var ch = 0; ch < c; ch++)
        {
            var values = Enumerable.Range(0, n).SelectMany(k => x.Skip(((k * c) + ch) * s).Take(s)).ToArray();
            mean[ch] = values.Average();
            variance[ch] = values.Select(v => (v - mean[ch]) * (v - mean[ch])).Average();
        }

        return (mean, variance);
    }

    /// <summary>(x − mean[c])/√(var[c] + eps)·w[c] + b[c].</summary>
    public static double[] BatchNorm(Tensor input, double[] mean, double[] variance, Tensor? weight, Tensor? bias, double eps)
    {
        var x = input.ToArray<double>();
        var w = weight?.ToArray<double>();
        var b = bias?.ToArray<double>();
        int n = input.Shape[0], c = input.Shape[1];
        var s = x.Length / (n * c);
        var y = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var ch = i / s % c;
            y[i] = ((x[i] - mean[ch]) / Math.Sqrt(variance[ch] + eps) * (w?[ch] ?? 1)) + (b?[ch] ?? 0);
        }

        return y;
    }

    public static void AssertClose(double[] expected, Tensor actual, double tolerance)
    {
        var a = actual.ToArray<double>();
        Assert.Equal(expected.Length, a.Length);
        for (var i = 0; i < a.Length; i++)
        {
            Assert.True(Math.Abs(a[i] - expected[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {a[i]}");
        }
    }
}

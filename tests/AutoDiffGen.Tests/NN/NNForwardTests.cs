using static AutoDiffGen.Tests.NN.NNReference;

namespace AutoDiffGen.Tests.NN;

/// <summary>Forward values of the layer ops against the naive reference loops, in float64 and float32.</summary>
public class NNForwardTests
{
    private static readonly DType[] _dtypes = [DType.Float64, DType.Float32];

    private static double Tolerance(DType dtype) => dtype == DType.Float64 ? 1e-12 : 2e-5;

    [Fact]
    public void Linear_matches_the_definition_for_ranks_one_to_three_with_and_without_bias()
    {
        var rng = new System.Random(1);
        foreach (var dtype in _dtypes)
        {
            foreach (var shape in new[] { new[] { 7 }, [1, 7], [5, 7], [2, 3, 7], [64, 7] })
            {
                var x = Random(rng, shape);
                var w = Random(rng, 9, 7);
                var b = Random(rng, 9);
                foreach (var bias in new[] { b, null })
                {
                    var y = Tensor.Linear(x.To(dtype), w.To(dtype), bias?.To(dtype));
                    Assert.Equal([.. shape[..^1], 9], y.Shape.ToArray());
                    AssertClose(NNReference.Linear(x, w, bias), y, Tolerance(dtype));
                }
            }
        }
    }

    [Fact]
    public void Linear_reads_transposed_and_large_operands_in_place()
    {
        var rng = new System.Random(2);
        var x = Random(rng, 40, 130).T;       // [130, 40], non-contiguous
        var w = Random(rng, 40, 70).T;        // [70, 40] viewed from [40, 70]
        var b = Random(rng, 70);
        AssertClose(NNReference.Linear(x.Contiguous(), w.Contiguous(), b), Tensor.Linear(x, w, b), 1e-12);

        // A few rows and long ones: one dot product per output, accumulated onto the bias.
        var (x2, w2, b2) = (Random(rng, 3, 100), Random(rng, 5, 100), Random(rng, 5));
        AssertClose(NNReference.Linear(x2, w2, b2), Tensor.Linear(x2, w2, b2), 1e-12);
        AssertClose(NNReference.Linear(x2, w2, b2), Tensor.Linear(x2.To(DType.Float32), w2.To(DType.Float32), b2.To(DType.Float32)), 1e-5);
    }

    [Fact]
    public void Conv2d_matches_a_direct_convolution_for_strides_paddings_and_odd_sizes()
    {
        var rng = new System.Random(3);
        var cases = new (int[] X, int[] W, (int, int) Stride, (int, int) Padding)[]
        {
            ([2, 3, 7, 9], [4, 3, 3, 3], (1, 1), (0, 0)),
            ([2, 3, 7, 9], [4, 3, 3, 3], (2, 2), (1, 1)),
            ([1, 1, 5, 5], [2, 1, 5, 5], (1, 1), (2, 2)),
            ([3, 2, 6, 5], [3, 2, 2, 3], (2, 1), (1, 0)),
            ([1, 4, 4, 4], [5, 4, 1, 1], (1, 1), (0, 0)),
            ([2, 2, 9, 8], [1, 2, 3, 2], (3, 2), (1, 1)),
            ([5, 3, 28, 28], [6, 3, 5, 5], (1, 1), (2, 2)),
        };
        foreach (var dtype in _dtypes)
        {
            foreach (var (xs, ws, stride, padding) in cases)
            {
                var x = Random(rng, xs);
                var w = Random(rng, ws);
                var b = Random(rng, ws[0]);
                foreach (var bias in new[] { b, null })
                {
                    var y = Tensor.Conv2d(x.To(dtype), w.To(dtype), bias?.To(dtype), stride, padding);
                    AssertClose(NNReference.Conv2d(x, w, bias, stride, padding), y, Tolerance(dtype) * 10);
                }
            }
        }
    }

    [Fact]
    public void Conv2d_takes_an_unbatched_input_and_int_stride_and_padding()
    {
        var rng = new System.Random(4);
        var x = Random(rng, 3, 6, 6);
        var w = Random(rng, 2, 3, 3, 3);
        var y = Tensor.Conv2d(x, w, null, 2, 1);
        Assert.Equal([2, 3, 3], y.Shape.ToArray());
        AssertClose(NNReference.Conv2d(x.Unsqueeze(0), w, null, (2, 2), (1, 1)), y, 1e-12);
    }

    [Fact]
    public void Pools_match_window_loops()
    {
        var rng = new System.Random(5);
        var cases = new (int[] X, (int, int) Kernel, (int, int) Stride, (int, int) Padding)[]
        {
            ([2, 3, 6, 6], (2, 2), (2, 2), (0, 0)),
            ([1, 2, 7, 5], (3, 3), (2, 2), (1, 1)),
            ([2, 1, 5, 7], (3, 2), (1, 2), (1, 1)),
            ([3, 4, 4], (2, 2), (1, 1), (0, 0)),
            ([1, 1, 9, 9], (3, 3), (3, 3), (0, 0)),
        };
        foreach (var dtype in _dtypes)
        {
            foreach (var (xs, kernel, stride, padding) in cases)
            {
                var x = Random(rng, xs).To(dtype);
                AssertClose(Pool2d(x, kernel, stride, padding, max: true), Tensor.MaxPool2d(x, kernel, stride, padding), 0);
                AssertClose(Pool2d(x, kernel, stride, padding, max: false), Tensor.AvgPool2d(x, kernel, stride, padding), Tolerance(dtype));
            }
        }

        // Int forms; the stride defaults to the kernel size.
        var y = Random(rng, 2, 2, 5, 5);
        AssertClose(Pool2d(y, (2, 2), (2, 2), (0, 0), max: true), Tensor.MaxPool2d(y, 2), 0);
        AssertClose(Pool2d(y, (3, 3), (2, 2), (1, 1), max: false), Tensor.AvgPool2d(y, 3, 2, 1), 1e-12);
        Assert.Equal([2, 2, 2, 2], Tensor.MaxPool2d(y, 2).Shape.ToArray());
    }

    [Fact]
    public void Avg_pool_counts_the_padding_in_the_divisor()
    {
        // A 2×2 input of ones, kernel 3, padding 1, stride 1: every window holds 4 ones and 5 zeros of padding.
        var y = Tensor.AvgPool2d(Tensor.Ones([1, 1, 2, 2], DType.Float64), 3, 1, 1);
        Assert.All(y.ToArray<double>(), v => Assert.Equal(4.0 / 9, v, 15));
    }

    [Fact]
    public void Max_pool_propagates_nan_and_keeps_negative_infinity()
    {
        var x = Tensor.FromArray(new[] { 1.0, double.NaN, 3, 4, double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity }, [1, 2, 2, 2]);
        var y = Tensor.MaxPool2d(x, 2).ToArray<double>();
        Assert.True(double.IsNaN(y[0]));
        Assert.Equal(double.NegativeInfinity, y[1]);
    }

    [Fact]
    public void Layer_norm_matches_the_formula_over_one_and_two_trailing_dims()
    {
        var rng = new System.Random(6);
        foreach (var dtype in _dtypes)
        {
            foreach (var (shape, normalized) in new[] { (new[] { 4, 6 }, new[] { 6 }), ([2, 3, 5], [3, 5]), ([7], [7]), ([1, 1, 9], [9]) })
            {
                var x = (Random(rng, shape) * 3) + 5;
                var d = normalized.Aggregate(1, (a, b) => a * b);
                var w = Random(rng, normalized);
                var b = Random(rng, normalized);
                AssertClose(NNReference.LayerNorm(x, d, w, b, 1e-5), Tensor.LayerNorm(x.To(dtype), normalized, w.To(dtype), b.To(dtype)), Tolerance(dtype) * 10);
                AssertClose(NNReference.LayerNorm(x, d, null, null, 1e-2), Tensor.LayerNorm(x.To(dtype), normalized, eps: 1e-2), Tolerance(dtype) * 10);
            }
        }
    }

    [Fact]
    public void Batch_norm_matches_the_formula_for_2d_3d_and_4d_inputs_in_both_modes()
    {
        var rng = new System.Random(7);
        foreach (var dtype in _dtypes)
        {
            foreach (var shape in new[] { new[] { 8, 3 }, [4, 3, 5], [2, 3, 4, 5], [1, 3, 2, 2] })
            {
                var x = (Random(rng, shape) * 2) + 1;
                var w = Random(rng, 3);
                var b = Random(rng, 3);
                var (mean, variance) = ChannelStats(x);
                var train = Tensor.BatchNorm(x.To(dtype), null, null, w.To(dtype), b.To(dtype), training: true);
                AssertClose(NNReference.BatchNorm(x, mean, variance, w, b, 1e-5), train, Tolerance(dtype) * 10);

                var rm = Random(rng, 3);
                var rv = Random(rng, 3).Abs() + 0.5;
                var eval = Tensor.BatchNorm(x.To(dtype), rm.To(dtype), rv.To(dtype), w.To(dtype), null, training: false, eps: 1e-3);
                AssertClose(NNReference.BatchNorm(x, rm.ToArray<double>(), rv.ToArray<double>(), w, null, 1e-3), eval, Tolerance(dtype) * 10);
            }
        }
    }

    [Fact]
    public void Embedding_picks_rows_for_any_index_shape()
    {
        var weight = Tensor.Arange(0.0, 12, 1, DType.Float64).Reshape(4, 3);
        var indices = Tensor.FromArray(new long[] { 3, 0, 0, 2, 1, 3 }, [2, 3]);
        var y = Tensor.Embedding(indices, weight);
        Assert.Equal([2, 3, 3], y.Shape.ToArray());
        Assert.Equal(new double[] { 9, 10, 11, 0, 1, 2, 0, 1, 2, 6, 7, 8, 3, 4, 5, 9, 10, 11 }, y.ToArray<double>());
        Assert.Equal(new[] { 6.0, 7, 8 }, Tensor.Embedding(Tensor.Scalar(2L), weight).ToArray<double>());
        Assert.Equal(new float[] { 3, 4, 5 }, Tensor.Embedding(Tensor.FromArray(new[] { 1 }, [1]), weight.To(DType.Float32)).ToArray<float>());
    }

    [Fact]
    public void Gelu_matches_erf_values_and_the_tanh_form()
    {
        // erf to 15 digits at a few points (Abramowitz & Stegun table values).
        foreach (var (x, erf) in new[] { (0.1, 0.1124629160182849), (0.5, 0.5204998778130465), (1.0, 0.8427007929497149), (1.5, 0.9661051464753108), (2.0, 0.9953222650189527), (3.0, 0.9999779095030014), (-0.7, -0.6778011938374184) })
        {
            Assert.Equal(erf, AutoDiffGen.Kernels.ActivationKernels.Erf(x), 15);
        }

        var values = new[] { -4.0, -1.5, -0.3, 0, 0.2, 1, 2.5, 6 };
        var input = Tensor.FromArray(values, [values.Length]);
        var exact = input.Gelu().ToArray<double>();
        var tanh = input.Gelu("tanh").ToArray<double>();
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            Assert.Equal(v * 0.5 * (1 + AutoDiffGen.Kernels.ActivationKernels.Erf(v / Math.Sqrt(2))), exact[i], 15);
            Assert.Equal(0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + (0.044715 * v * v * v)))), tanh[i], 15);
            Assert.True(Math.Abs(exact[i] - tanh[i]) < 1e-3);
        }

        Assert.Equal(0.8413447460685429f, Tensor.FromArray(new[] { 1f }, [1]).Gelu().Item<float>(), 6);
    }
}

namespace AutoDiffGen.Tests.Core;

public class ReductionTests
{
    private static float[] RandomFloats(int n, int seed)
    {
        var rng = new Random(seed);
        var values = new float[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return values;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4097)]
    [InlineData(1_000_003)]
    public void Sum_of_all_float32_matches_float64_reference(int n)
    {
        var values = RandomFloats(n, n);
        var expected = values.Sum(v => (double)v);
        var actual = Tensor.FromArray(values).Sum();
        Assert.Equal(0, actual.Dim);
        Assert.Equal(DType.Float32, actual.DType);
        Assert.Equal(expected, actual.Item<float>(), 1e-6 * Math.Sqrt(n + 1) + 1e-6);
    }

    [Fact]
    public void Sum_of_integers_is_int64_and_of_bools_counts()
    {
        var ints = Tensor.FromArray(new[] { 1, 2, int.MaxValue });
        Assert.Equal(DType.Int64, ints.Sum().DType);
        Assert.Equal(3L + int.MaxValue, ints.Sum().Item<long>());
        var bools = Tensor.FromArray(new[] { true, false, true, true });
        Assert.Equal(3L, bools.Sum().Item<long>());
        Assert.Equal(DType.Int64, bools.Sum(0).DType);
    }

    [Fact]
    public void Sum_along_each_dim_matches_reference_including_non_contiguous_inputs()
    {
        var values = RandomFloats(3 * 4 * 5, 11);
        var x = Tensor.FromArray(values, [3, 4, 5]);
        foreach (var input in new[] { x, x.Permute(2, 0, 1), x.Slice(1, 0, 4, 2) })
        {
            var shape = input.Shape.ToArray();
            var data = input.ToArray<float>();
            for (var dim = 0; dim < 3; dim++)
            {
                foreach (var keep in new[] { false, true })
                {
                    var result = input.Sum(dim, keep);
                    var expectedShape = shape.ToList();
                    if (keep)
                    {
                        expectedShape[dim] = 1;
                    }
                    else
                    {
                        expectedShape.RemoveAt(dim);
                    }

                    Assert.Equal(expectedShape, result.Shape.ToArray());
                    var expected = NaiveReduce(data, shape, dim, (acc, v) => acc + v, 0);
                    AssertClose(expected, result.ToArray<float>(), 1e-5);
                }
            }
        }
    }

    [Fact]
    public void Sum_over_several_dims_and_negative_dims()
    {
        var x = Tensor.Arange(24).View(2, 3, 4).To(DType.Float64);
        var s = x.Sum([0, -1]);
        Assert.Equal([3], s.Shape.ToArray());
        Assert.Equal(new double[] { 0 + 1 + 2 + 3 + 12 + 13 + 14 + 15, 4 + 5 + 6 + 7 + 16 + 17 + 18 + 19, 8 + 9 + 10 + 11 + 20 + 21 + 22 + 23 }, s.ToArray<double>());
        Assert.Equal([1, 3, 1], x.Sum([0, 2], keepDim: true).Shape.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Sum(3));
        Assert.Throws<ArgumentException>(() => x.Sum([1, -2]));
    }

    [Fact]
    public void Mean_needs_a_floating_point_tensor_and_says_how_to_convert()
    {
        var e = Assert.Throws<TensorDTypeException>(() => Tensor.Arange(10).Mean());
        Assert.Contains("To(DType.Float32)", e.Message, StringComparison.Ordinal);
        Assert.Equal(4.5f, Tensor.Arange(10).To(DType.Float32).Mean().Item<float>());
        var m = Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 5 } });
        Assert.Equal(new float[] { 2, 3.5f }, m.Mean(0).ToArray<float>());
        Assert.Equal(new float[] { 1.5f, 4 }, m.Mean(1).ToArray<float>());
        Assert.True(float.IsNaN(Tensor.Zeros(0).Mean().Item<float>()));
    }

    [Fact]
    public void Tutorial_reductions_of_arange_10_100_10()
    {
        var x = Tensor.Arange(10, 100, 10);
        Assert.Equal(10L, x.Min().Item<long>());
        Assert.Equal(90L, x.Max().Item<long>());
        Assert.Equal(450L, x.Sum().Item<long>());
        Assert.Equal(8L, x.ArgMax().Item<long>());
        Assert.Equal(0L, x.ArgMin().Item<long>());
        Assert.Equal(DType.Int64, x.ArgMax().DType);
    }

    [Fact]
    public void Max_and_Min_along_a_dim_return_values_and_first_indices()
    {
        var m = Tensor.FromArray(new float[,] { { 1, 5, 5 }, { 7, 0, 3 } });
        var (values, indices) = m.Max(1);
        Assert.Equal(new float[] { 5, 7 }, values.ToArray<float>());
        Assert.Equal(new long[] { 1, 0 }, indices.ToArray<long>());
        var (minValues, minIndices) = m.Min(0, keepDim: true);
        Assert.Equal([1, 3], minValues.Shape.ToArray());
        Assert.Equal(new float[] { 1, 0, 3 }, minValues.ToArray<float>());
        Assert.Equal(new long[] { 0, 1, 1 }, minIndices.ToArray<long>());
        Assert.Equal(new long[] { 1, 0, 0 }, m.ArgMax(0).ToArray<long>());
    }

    [Fact]
    public void Max_along_dim_matches_reference_on_random_3d_views()
    {
        var values = RandomFloats(4 * 5 * 6, 5);
        var x = Tensor.FromArray(values, [4, 5, 6]).Transpose(0, 2);
        var shape = x.Shape.ToArray();
        var data = x.ToArray<float>();
        for (var dim = 0; dim < 3; dim++)
        {
            var expected = NaiveReduce(data, shape, dim, Math.Max, double.NegativeInfinity);
            AssertClose(expected, x.Max(dim).Values.ToArray<float>(), 0);
            var expectedMin = NaiveReduce(data, shape, dim, Math.Min, double.PositiveInfinity);
            AssertClose(expectedMin, x.Min(dim).Values.ToArray<float>(), 0);
        }
    }

    [Fact]
    public void NaN_propagates_through_Max_and_ArgMax_finds_it()
    {
        var x = Tensor.FromArray(new[] { 1f, float.NaN, 3f });
        Assert.True(float.IsNaN(x.Max().Item<float>()));
        Assert.True(float.IsNaN(x.Min().Item<float>()));
        Assert.Equal(1L, x.ArgMax().Item<long>());
        var m = Tensor.FromArray(new[,] { { 1f, 2f }, { float.NaN, 0f } });
        var (values, indices) = m.Max(0);
        Assert.True(float.IsNaN(values.ToArray<float>()[0]));
        Assert.Equal(1L, indices.ToArray<long>()[0]);
    }

    [Fact]
    public void Max_of_an_empty_tensor_explains_what_to_do()
    {
        var e = Assert.Throws<TensorShapeException>(() => Tensor.Zeros(0, 3).Max());
        Assert.Contains("Specify the dim", e.Message, StringComparison.Ordinal);
        Assert.Throws<TensorShapeException>(() => Tensor.Zeros(0, 3).Max(0));
        Assert.Equal([0], Tensor.Zeros(0, 3).Max(1).Values.Shape.ToArray());
    }

    [Fact]
    public void Softmax_rows_sum_to_one_and_match_reference_for_every_dim()
    {
        var values = RandomFloats(3 * 4 * 5, 9);
        var x = Tensor.FromArray(values, [3, 4, 5]) * 5;
        var data = x.ToArray<float>();
        for (var dim = 0; dim < 3; dim++)
        {
            var s = x.Softmax(dim);
            var ls = x.LogSoftmax(dim);
            Assert.Equal(x.Shape, s.Shape);
            AssertClose(s.Sum(dim).ToArray<float>().Select(v => (double)v).ToArray(), Tensor.Ones(s.Sum(dim).Shape.ToArray()).ToArray<float>(), 1e-5);
            var expected = NaiveSoftmax(data, [3, 4, 5], dim);
            AssertClose(expected, s.ToArray<float>(), 1e-6);
            AssertClose(expected.Select(v => Math.Log(v)).ToArray(), ls.ToArray<float>(), 1e-5);
        }
    }

    [Fact]
    public void Softmax_is_stable_for_huge_logits_and_minus_infinity()
    {
        var x = Tensor.FromArray(new[,] { { 1e4f, 0f, -1e4f }, { float.NegativeInfinity, 0f, 0f } });
        var s = x.Softmax(1).ToArray<float>();
        Assert.Equal(new[] { 1f, 0f, 0f, 0f, 0.5f, 0.5f }, s);
        var ls = x.LogSoftmax(1).ToArray<float>();
        Assert.Equal(0f, ls[0]);
        Assert.Equal(-1e4f, ls[1]);
        Assert.True(float.IsNegativeInfinity(ls[3]));
        Assert.Equal(-MathF.Log(2), ls[4], 1e-6f);
    }

    [Fact]
    public void SumToSize_reduces_broadcast_dims()
    {
        var g = Tensor.Ones(2, 3, 4);
        Assert.Equal(new float[] { 6, 6, 6, 6 }, g.SumToSize(4).ToArray<float>());
        Assert.Equal([3, 1], g.SumToSize(3, 1).Shape.ToArray());
        Assert.Equal(new float[] { 8, 8, 8 }, g.SumToSize(3, 1).ToArray<float>());
        Assert.Equal(24f, g.SumToSize().Item<float>());
        Assert.Throws<TensorShapeException>(() => g.SumToSize(5));
    }

    internal static double[] NaiveReduce(float[] data, int[] shape, int dim, Func<double, double, double> op, double seed)
    {
        var outer = shape.Take(dim).Aggregate(1, (a, b) => a * b);
        var n = shape[dim];
        var inner = shape.Skip(dim + 1).Aggregate(1, (a, b) => a * b);
        var result = new double[outer * inner];
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < inner; i++)
            {
                var acc = seed;
                for (var k = 0; k < n; k++)
                {
                    acc = op(acc, data[(((o * n) + k) * inner) + i]);
                }

                result[(o * inner) + i] = acc;
            }
        }

        return result;
    }

    private static double[] NaiveSoftmax(float[] data, int[] shape, int dim)
    {
        var outer = shape.Take(dim).Aggregate(1, (a, b) => a * b);
        var n = shape[dim];
        var inner = shape.Skip(dim + 1).Aggregate(1, (a, b) => a * b);
        var result = new double[data.Length];
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < inner; i++)
            {
                double sum = 0;
                for (var k = 0; k < n; k++)
                {
                    sum += Math.Exp(data[(((o * n) + k) * inner) + i]);
                }

                for (var k = 0; k < n; k++)
                {
                    var at = (((o * n) + k) * inner) + i;
                    result[at] = Math.Exp(data[at]) / sum;
                }
            }
        }

        return result;
    }

    internal static void AssertClose(double[] expected, float[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var tolerance = (relative * (1 + Math.Abs(expected[i]))) + 1e-7;
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"element {i}: expected {expected[i]}, got {actual[i]} (tolerance {tolerance})");
        }
    }

    private static void AssertClose(double[] expected, float[] actual, float relative) =>
        AssertClose(expected, actual, (double)relative);
}

namespace AutoDiffGen.Tests.Core;

public class LinearAlgebraTests
{
    private static Tensor Random(int seed, params int[] shape)
    {
        var rng = new Random(seed);
        var n = shape.Aggregate(1, (a, b) => a * b);
        return Tensor.FromArray(Enumerable.Range(0, n).Select(_ => (double)((rng.NextDouble() * 2) - 1)).ToArray(), shape);
    }

    private static double[] NaiveMatMul(double[] a, double[] b, int m, int n, int k)
    {
        var c = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                for (var p = 0; p < k; p++)
                {
                    c[(i * n) + j] += a[(i * k) + p] * b[(p * n) + j];
                }
            }
        }

        return c;
    }

    [Fact]
    public void Tutorial_dot_product_and_transpose_fix()
    {
        var v = Tensor.FromArray(new long[] { 1, 2, 3 });
        var dot = Tensor.MatMul(v, v);
        Assert.Equal(0, dot.Dim);
        Assert.Equal(14L, dot.Item<long>());
        Assert.Equal(14L, v.Dot(v).Item<long>());

        var a = Tensor.FromArray(new long[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        var b = Tensor.FromArray(new long[,] { { 7, 10 }, { 8, 11 }, { 9, 12 } });
        var e = Assert.Throws<TensorShapeException>(() => Tensor.MatMul(a, b));
        Assert.StartsWith("MatMul: mat1 and mat2 shapes cannot be multiplied (3x2 and 3x2)", e.Message, StringComparison.Ordinal);
        Assert.Equal(new long[] { 27, 30, 33, 61, 68, 75, 95, 106, 117 }, Tensor.MatMul(a, b.T).ToArray<long>());
        Assert.Equal(new float[] { 27, 30, 33, 61, 68, 75, 95, 106, 117 }, a.To(DType.Float32).Mm(b.T.To(DType.Float32)).ToArray<float>());
    }

    [Theory]
    [InlineData(new[] { 4 }, new[] { 4, 3 }, new[] { 3 })]
    [InlineData(new[] { 2, 4 }, new[] { 4 }, new[] { 2 })]
    [InlineData(new[] { 5, 2, 4 }, new[] { 4, 3 }, new[] { 5, 2, 3 })]
    [InlineData(new[] { 2, 4 }, new[] { 5, 4, 3 }, new[] { 5, 2, 3 })]
    [InlineData(new[] { 6, 1, 2, 4 }, new[] { 5, 4, 3 }, new[] { 6, 5, 2, 3 })]
    [InlineData(new[] { 4 }, new[] { 5, 4, 3 }, new[] { 5, 3 })]
    [InlineData(new[] { 5, 2, 4 }, new[] { 4 }, new[] { 5, 2 })]
    public void MatMul_follows_pytorch_rank_rules_and_matches_reference(int[] aShape, int[] bShape, int[] expectedShape)
    {
        var a = Random(1, aShape);
        var b = Random(2, bShape);
        var c = Tensor.MatMul(a, b);
        Assert.Equal(expectedShape, c.Shape.ToArray());

        // Reference: promote 1-D operands, broadcast batches by hand, multiply each pair naively.
        var a2 = aShape.Length == 1 ? a.Unsqueeze(0) : a;
        var b2 = bShape.Length == 1 ? b.Unsqueeze(1) : b;
        var batchShape = BroadcastBatch(a2.Shape.ToArray()[..^2], b2.Shape.ToArray()[..^2]);
        var m = a2.Size(-2);
        var k = a2.Size(-1);
        var n = b2.Size(-1);
        var ae = a2.Expand([.. batchShape, m, k]).Contiguous().ToArray<double>();
        var be = b2.Expand([.. batchShape, k, n]).Contiguous().ToArray<double>();
        var count = batchShape.Aggregate(1, (x, y) => x * y);
        var expected = new List<double>();
        for (var i = 0; i < count; i++)
        {
            expected.AddRange(NaiveMatMul(ae[(i * m * k)..((i + 1) * m * k)], be[(i * k * n)..((i + 1) * k * n)], m, n, k));
        }

        var actual = c.ToArray<double>();
        Assert.Equal(expected.Count, actual.Length);
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-12);
        }
    }

    private static int[] BroadcastBatch(int[] a, int[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i - (rank - a.Length);
            var db = i - (rank - b.Length);
            result[i] = Math.Max(da >= 0 ? a[da] : 1, db >= 0 ? b[db] : 1);
        }

        return result;
    }

    [Fact]
    public void MatMul_reads_transposed_and_sliced_views_without_copying_them_first()
    {
        var a = Random(3, 40, 30);
        var b = Random(4, 50, 40);
        var viaViews = Tensor.MatMul(a.T, b.T);
        var viaCopies = Tensor.MatMul(a.T.Contiguous(), b.T.Contiguous());
        Assert.True(viaViews.AllClose(viaCopies, 1e-12, 1e-12));
        var sliced = Tensor.MatMul(a[.., 1..20], b[TensorIndex.Slice(0, 19)]);
        Assert.Equal([40, 40], sliced.Shape.ToArray());
        Assert.True(sliced.AllClose(Tensor.MatMul(a[.., 1..20].Contiguous(), b[..19].Contiguous()), 1e-12, 1e-12));
    }

    [Fact]
    public void MatMul_errors_name_shapes_and_dtypes()
    {
        var e = Assert.Throws<TensorShapeException>(() => Tensor.MatMul(Tensor.Zeros(2, 3, 4), Tensor.Zeros(5, 6)));
        Assert.Contains("[2, 3, 4]", e.Message, StringComparison.Ordinal);
        Assert.Throws<TensorShapeException>(() => Tensor.MatMul(Tensor.Zeros(3), Tensor.Zeros(4)));
        Assert.Throws<TensorShapeException>(() => Tensor.MatMul(Tensor.Scalar(1.0), Tensor.Zeros(4)));
        Assert.Throws<TensorShapeException>(() => Tensor.Zeros(3).Mm(Tensor.Zeros(3, 3)));
        var d = Assert.Throws<TensorDTypeException>(() => Tensor.MatMul(Tensor.Zeros(2, 2), Tensor.Zeros([2, 2], DType.Float64)));
        Assert.Contains("Float64", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_size_products_give_zero_size_or_zero_results()
    {
        Assert.Equal([0, 3], Tensor.MatMul(Tensor.Zeros(0, 4), Tensor.Zeros(4, 3)).Shape.ToArray());
        Assert.Equal(new float[] { 0, 0, 0, 0 }, Tensor.MatMul(Tensor.Zeros(2, 0), Tensor.Zeros(0, 2)).ToArray<float>());
    }

    [Fact]
    public void Inverse_solves_the_tutorial_line_and_batches()
    {
        var a = Tensor.FromArray(new float[,] { { 1, 1 }, { 4, 1 } });
        var b = Tensor.FromArray(new float[,] { { 4 }, { 2 } });
        var line = a.Inverse().Mm(b).ToArray<float>();
        Assert.Equal(-0.6667f, line[0], 1e-4f);
        Assert.Equal(4.6667f, line[1], 1e-4f);

        var batch = Random(5, 3, 4, 4) + (Tensor.Eye(4, dtype: DType.Float64) * 4);
        var identity = Tensor.MatMul(batch, batch.Inverse());
        Assert.True(identity.AllClose(Tensor.Eye(4, dtype: DType.Float64).Expand(3, 4, 4), 1e-10, 1e-10));
        Assert.Throws<SingularMatrixException>(() => Tensor.Ones(3, 3).Inverse());
        Assert.Throws<TensorShapeException>(() => Tensor.Ones(3, 2).Inverse());
        Assert.Throws<TensorDTypeException>(() => Tensor.Eye(2, dtype: DType.Int64).Inverse());
    }

    [Fact]
    public void Dist_and_Norm_for_each_p()
    {
        var a = Tensor.FromArray(new double[] { 1, 2, 3 });
        var b = Tensor.FromArray(new double[] { 4, 0, 3 });
        Assert.Equal(Math.Sqrt(13), a.Dist(b).Item<double>(), 1e-12);
        Assert.Equal(5.0, a.Dist(b, 1).Item<double>(), 1e-12);
        Assert.Equal(3.0, a.Dist(b, double.PositiveInfinity).Item<double>());
        Assert.Equal(0.0, a.Dist(b, double.NegativeInfinity).Item<double>());
        Assert.Equal(2.0, a.Dist(b, 0).Item<double>());
        Assert.Equal(Math.Pow(27 + 8, 1.0 / 3), a.Dist(b, 3).Item<double>(), 1e-12);
        Assert.Equal(0f, Tensor.Zeros(0).Norm().Item<float>());
    }
}

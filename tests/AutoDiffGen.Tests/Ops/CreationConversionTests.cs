using AutoDiffGen.Tests.Reference;

namespace AutoDiffGen.Tests.Ops;

/// <summary>Creation functions (dtypes, lengths, exact endpoints) and conversions (truncation, bool, Item, ToArray, CopyFrom).</summary>
public class CreationConversionTests
{
    private static void AssertTypeAndShape(Tensor t, DType dtype, params int[] shape)
    {
        Assert.Equal(dtype, t.DType);
        Assert.Equal(shape, t.Shape.ToArray());
    }

    [Fact]
    public void ArangeIsInt64ForIntegersWithPyTorchLengths()
    {
        var a = Tensor.Arange(5);
        Assert.Equal(DType.Int64, a.DType);
        Assert.Equal([0L, 1, 2, 3, 4], a.ToArray<long>());
        Assert.Equal([1L, 2, 3], Tensor.Arange(1, 4).ToArray<long>());
        Assert.Equal([0L, 3, 6, 9], Tensor.Arange(0, 10, 3).ToArray<long>());
        Assert.Equal([10L, 7, 4, 1], Tensor.Arange(10, 0, -3).ToArray<long>());
        Assert.Equal([-3L, -2, -1], Tensor.Arange(-3, 0).ToArray<long>());
        Assert.Equal(0, Tensor.Arange(0).NumElements);
        Assert.Equal(0, Tensor.Arange(4, 4).NumElements);
    }

    [Theory]
    [InlineData(0.0, 1.0, 0.1, 10)]
    [InlineData(1.0, 2.5, 0.5, 3)]
    [InlineData(0.0, 1.0, 0.3, 4)]
    [InlineData(-1.0, 1.0, 0.5, 4)]
    [InlineData(1.0, 4.0, 1.0, 3)]
    [InlineData(1.0, 4.5, 1.0, 4)]
    [InlineData(5.0, 1.0, -1.5, 3)]
    [InlineData(0.0, 0.0, 1.0, 0)]
    public void ArangeIsFloat32ForFloatsWithPyTorchLengths(double start, double end, double step, int length)
    {
        var a = Tensor.Arange(start, end, step);
        Assert.Equal(DType.Float32, a.DType);
        Assert.Equal(new[] { length }, a.Shape.ToArray());
        var expected = Enumerable.Range(0, length).Select(i => (double)(float)(start + (i * step))).ToArray();
        OpsHelpers.AssertMatches(new RefTensor(expected, [length], DType.Float32), a, "Arange");
        Assert.Equal(DType.Float64, Tensor.Arange(start, end, step, DType.Float64).DType);
    }

    [Fact]
    public void ArangeErrors()
    {
        Assert.Throws<ArgumentException>(() => Tensor.Arange(0, 5, 0));
        Assert.Throws<ArgumentException>(() => Tensor.Arange(0.0, 1.0, 0.0));
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Arange(5, 0, 1));
        Assert.Contains("step", ex.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Arange(0.0, 5.0, -1.0));
        Assert.Throws<ArgumentException>(() => Tensor.Arange(0.0, double.PositiveInfinity, 1.0));
    }

    [Theory]
    [InlineData(-10.0, 10.0, 5)]
    [InlineData(0.0, 1.0, 7)]
    [InlineData(0.1, 0.7, 11)]
    [InlineData(3.0, -2.0, 6)]
    [InlineData(1e-3, 123.456, 100)]
    public void LinspaceEndpointsAreExact(double start, double end, int steps)
    {
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var l = Tensor.Linspace(start, end, steps, dtype);
            Assert.Equal(dtype, l.DType);
            Assert.Equal(new[] { steps }, l.Shape.ToArray());
            var v = OpsHelpers.Read(l);
            Assert.Equal(RefTensor.Store(start, dtype), v[0]);
            Assert.Equal(RefTensor.Store(end, dtype), v[^1]);
            var expected = Enumerable.Range(0, steps).Select(i => start + ((end - start) * i / (steps - 1))).ToArray();
            OpsHelpers.AssertMatches(new RefTensor([.. expected.Select(e => RefTensor.Store(e, dtype))], [steps], dtype), l, $"Linspace {dtype}");
        }
    }

    [Fact]
    public void LinspaceEdgeCases()
    {
        Assert.Equal(DType.Float32, Tensor.Linspace(0, 1, 3).DType);
        Assert.Equal([3f], Tensor.Linspace(3, 10, 1).ToArray<float>());
        Assert.Equal(new[] { 0 }, Tensor.Linspace(3, 10, 0).Shape.ToArray());

        // torch.linspace(0, 10, 4, dtype=torch.int64) == [0, 3, 6, 10]: computed in floating point, then truncated.
        Assert.Equal([0L, 3, 6, 10], Tensor.Linspace(0, 10, 4, DType.Int64).ToArray<long>());
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Linspace(0, 1, -1));
    }

    [Fact]
    public void EyeZerosOnesFullEmptyAndScalars()
    {
        var eye = Tensor.Eye(3);
        Assert.Equal(DType.Float32, eye.DType);
        Assert.Equal([1f, 0, 0, 0, 1, 0, 0, 0, 1], eye.ToArray<float>());
        Assert.Equal([1L, 0, 0, 0, 0, 1, 0, 0], Tensor.Eye(2, 4, DType.Int64).ToArray<long>());
        Assert.Equal([true, false, false, true, false, false], Tensor.Eye(3, 2, DType.Bool).ToArray<bool>());
        Assert.Equal(new[] { 0, 0 }, Tensor.Eye(0).Shape.ToArray());

        foreach (var dtype in OpsHelpers.AllTypes)
        {
            var z = Tensor.Zeros([2, 3], dtype);
            var o = Tensor.Ones([2, 3], dtype);
            Assert.Equal(dtype, z.DType);
            Assert.Equal(dtype, o.DType);
            Assert.All(OpsHelpers.Read(z), v => Assert.Equal(0.0, v));
            Assert.All(OpsHelpers.Read(o), v => Assert.Equal(1.0, v));
            Assert.Equal(dtype, Tensor.ZerosLike(o).DType);
            Assert.Equal(dtype, Tensor.OnesLike(z).DType);
            Assert.Equal(dtype, Tensor.EmptyLike(z).DType);
            Assert.Equal(new[] { 2, 3 }, Tensor.EmptyLike(z).Shape.ToArray());
            var fl = Tensor.FullLike(o.T, 2);
            Assert.Equal(dtype, fl.DType);
            Assert.Equal(new[] { 3, 2 }, fl.Shape.ToArray());
            Assert.All(OpsHelpers.Read(fl), v => Assert.Equal(dtype == DType.Bool ? 1.0 : 2.0, v));
        }

        Assert.Equal(DType.Float32, Tensor.Zeros(2, 2).DType);
        Assert.Equal(DType.Float32, Tensor.Ones(4).DType);
        Assert.Equal(new[] { 5, 4 }, Tensor.Empty(5, 4).Shape.ToArray());
        Assert.Equal(DType.Float32, Tensor.Empty(5, 4).DType);
        Assert.Equal(new[] { 0, 3 }, Tensor.Empty(0, 3).Shape.ToArray());
        Assert.Equal(new int[0], Tensor.Zeros().Shape.ToArray());
        Assert.Equal(1, Tensor.Zeros().NumElements);

        // torch.full((2, 2), 7.5) is float32; torch.full((2, 2), 7) is int64.
        var f = Tensor.Full([2, 2], 7.5);
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal([7.5f, 7.5f, 7.5f, 7.5f], f.ToArray<float>());
        var fi = Tensor.Full([2, 2], 7);
        Assert.Equal(DType.Int64, fi.DType);
        Assert.Equal([7L, 7, 7, 7], fi.ToArray<long>());
        Assert.Equal([3, 3], Tensor.Full([2], 3.0, DType.Int32).ToArray<int>());
        Assert.Equal(DType.Float64, Tensor.Full([1], 0.5, DType.Float64).DType);

        var s = Tensor.Scalar(3.5);
        Assert.Equal(DType.Float32, s.DType);
        Assert.Equal(0, s.Dim);
        Assert.Equal(3.5f, s.Item<float>());
        Assert.Equal(DType.Int64, Tensor.Scalar(7L).DType);
        Assert.Equal(7L, Tensor.Scalar(7L).Item<long>());
        Assert.Equal(DType.Bool, Tensor.Scalar(true).DType);
        Assert.True(Tensor.Scalar(true).Item<bool>());
        Assert.Equal(DType.Float64, Tensor.Scalar(0.1, DType.Float64).DType);
        Assert.Equal(0.1, Tensor.Scalar(0.1, DType.Float64).Item<double>());
    }

    [Fact]
    public void NegativeSizesAreShapeErrors()
    {
        foreach (var (name, act) in new (string, Action)[]
        {
            ("Zeros", () => Tensor.Zeros(2, -1)),
            ("Empty", () => Tensor.Empty(-3)),
            ("Full", () => Tensor.Full([-1], 1.0)),
        })
        {
            var ex = Assert.Throws<TensorShapeException>(act);
            Assert.Contains(name, ex.Message);
        }
    }

    [Fact]
    public void FromArrayOfEveryRankAndElementType()
    {
        var f1 = Tensor.FromArray(new[] { 1f, 2f, 3f });
        AssertTypeAndShape(f1, DType.Float32, 3);
        Assert.Equal([1f, 2, 3], f1.ToArray<float>());

        var d2 = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        AssertTypeAndShape(d2, DType.Float64, 2, 3);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], d2.ToArray<double>());
        Assert.Equal(6.0, d2.Select(0, 1).Select(0, 2).Item<double>());

        var l3 = new long[2, 3, 4];
        var i4 = new int[2, 1, 3, 2];
        var b2 = new bool[3, 2];
        var k = 0;
        for (var a = 0; a < 2; a++)
        {
            for (var b = 0; b < 3; b++)
            {
                for (var c = 0; c < 4; c++)
                {
                    l3[a, b, c] = (100 * a) + (10 * b) + c;
                }

                for (var c = 0; c < 2; c++)
                {
                    i4[a, 0, b, c] = k++;
                }
            }
        }

        b2[1, 0] = true;
        b2[2, 1] = true;
        var tl = Tensor.FromArray(l3);
        AssertTypeAndShape(tl, DType.Int64, 2, 3, 4);
        Assert.Equal(123L, tl.Select(0, 1).Select(0, 2).Select(0, 3).Item<long>());
        Assert.Equal(l3.Cast<long>(), tl.ToArray<long>());
        var ti = Tensor.FromArray(i4);
        AssertTypeAndShape(ti, DType.Int32, 2, 1, 3, 2);
        Assert.Equal(Enumerable.Range(0, 12), ti.ToArray<int>());
        var tb = Tensor.FromArray(b2);
        AssertTypeAndShape(tb, DType.Bool, 3, 2);
        Assert.Equal([false, false, true, false, false, true], tb.ToArray<bool>());
        Assert.Equal(new[] { 0, 3 }, Tensor.FromArray(new float[0, 3]).Shape.ToArray());
        Assert.Throws<TensorDTypeException>(() => Tensor.FromArray(new short[] { 1 }));
    }

    [Fact]
    public void FromFlatArrayCopiesAndInfersOneSize()
    {
        var data = new[] { 1.0, 2, 3, 4, 5, 6 };
        var t = Tensor.FromArray(data, [3, -1]);
        Assert.Equal(new[] { 3, 2 }, t.Shape.ToArray());
        Assert.Equal(DType.Float64, t.DType);
        data[0] = 99;
        Assert.Equal(1.0, t.ToArray<double>()[0]);
        Assert.Equal(new int[0], Tensor.FromArray(new[] { 5L }, []).Shape.ToArray());
        var ex = Assert.Throws<TensorShapeException>(() => Tensor.FromArray(new[] { 1, 2, 3 }, [2, 2]));
        Assert.Contains("FromArray", ex.Message);
        Assert.Contains("[2, 2]", ex.Message);
    }

    [Fact]
    public void FloatToIntTruncatesTowardZero()
    {
        double[] values = [-2.7, -1.5, -0.5, -0.0, 0.5, 1.5, 2.7, 3.99, -3.99, 1e6 + 0.75];
        double[] truncated = [-2, -1, 0, 0, 0, 1, 2, 3, -3, 1e6];
        foreach (var from in new[] { DType.Float32, DType.Float64 })
        {
            var t = OpsHelpers.FromValues(values, [values.Length], from);
            foreach (var to in new[] { DType.Int64, DType.Int32 })
            {
                var c = t.To(to);
                Assert.Equal(to, c.DType);
                Assert.Equal(truncated, OpsHelpers.Read(c));
                Assert.Equal(truncated, OpsHelpers.Read(t.T.To(to)));
            }
        }
    }

    [Fact]
    public void BoolConversions()
    {
        double[] values = [0, -0.0, 0.1, -3, double.NaN, double.PositiveInfinity];
        foreach (var from in new[] { DType.Float32, DType.Float64 })
        {
            Assert.Equal([false, false, true, true, true, true], OpsHelpers.FromValues(values, [6], from).To(DType.Bool).ToArray<bool>());
        }

        Assert.Equal([false, true, true], Tensor.FromArray(new[] { 0L, 5L, -1L }, [3]).To(DType.Bool).ToArray<bool>());
        Assert.Equal([false, true, true], Tensor.FromArray(new[] { 0, 5, -1 }, [3]).To(DType.Bool).ToArray<bool>());
        var b = Tensor.FromArray(new[] { true, false, true }, [3]);
        Assert.Equal([1f, 0, 1], b.To(DType.Float32).ToArray<float>());
        Assert.Equal([1.0, 0, 1], b.To(DType.Float64).ToArray<double>());
        Assert.Equal([1L, 0, 1], b.To(DType.Int64).ToArray<long>());
        Assert.Equal([1, 0, 1], b.To(DType.Int32).ToArray<int>());
        Assert.Equal([1f, 0, 1], b.ToArray<float>());
    }

    [Fact]
    public void ConversionsBetweenEveryPairMatchReference()
    {
        var rng = new Random(8080);
        foreach (var from in OpsHelpers.AllTypes)
        {
            foreach (var to in OpsHelpers.AllTypes)
            {
                foreach (var layout in Enum.GetValues<Layout>())
                {
                    // Exactly representable, in-range values (no NaN or ∞: their integer conversion is unspecified).
                    var (x, xRef) = OpsHelpers.Operand(rng, [3, 4], from, layout, specials: false);
                    var c = x.To(to);
                    OpsHelpers.AssertMatches(xRef.Map(v => v, to), c, $"{from} To {to} {layout}");
                    if (from == to)
                    {
                        Assert.Same(x, c);
                    }
                }
            }
        }
    }

    [Fact]
    public void LargeIntegersRoundToNearestFloat()
    {
        long[] values = [16_777_217, (1L << 53) + 1, -((1L << 40) + 3), long.MaxValue, 123_456_789_012_345];
        var t = Tensor.FromArray(values, [values.Length]);
        Assert.Equal(values.Select(v => (float)v), t.To(DType.Float32).ToArray<float>());
        Assert.Equal(values.Select(v => (double)v), t.To(DType.Float64).ToArray<double>());
    }

    [Fact]
    public void ItemOnOneElementTensors()
    {
        Assert.Equal(2.5f, Tensor.Scalar(2.5).Item<float>());
        Assert.Equal(4L, Tensor.FromArray(new[] { 4L }, [1, 1, 1]).Item<long>());
        Assert.Equal(2, Tensor.Scalar(2.7).Item<int>());
        Assert.Equal(-2L, Tensor.Scalar(-2.7).Item<long>());
        Assert.Equal(2.7, Tensor.Scalar(2.7, DType.Float64).Item<double>());
        Assert.Equal((double)2.7f, Tensor.Scalar(2.7).Item<double>());
        Assert.True(Tensor.Scalar(0.1).Item<bool>());
        Assert.Equal(1.0, Tensor.Scalar(true).Item<double>());

        // A one-element view with an offset.
        var x = Tensor.Arange(10).View(2, 5);
        Assert.Equal(7L, x.Select(0, 1).Narrow(0, 2, 1).Item<long>());
        Assert.Equal(7.0, x.T.Select(0, 2).Select(0, 1).Item<double>());
    }

    [Theory]
    [InlineData(new[] { 2 })]
    [InlineData(new[] { 0 })]
    [InlineData(new[] { 2, 3 })]
    public void ItemOnOtherTensorsSaysWhy(int[] shape)
    {
        var ex = Assert.Throws<TensorShapeException>(() => Tensor.Zeros(shape).Item<float>());
        Assert.Contains("Item", ex.Message);
        Assert.Contains("one-element", ex.Message);
        Assert.Contains(OpsHelpers.Describe(shape), ex.Message);
    }

    [Fact]
    public void ToArrayCopiesInRowMajorOrder()
    {
        var x = Tensor.Arange(6).View(2, 3);
        var a = x.ToArray<long>();
        a[0] = 100;
        Assert.Equal(0L, x.ToArray<long>()[0]);
        Assert.Equal([0L, 3, 1, 4, 2, 5], x.T.ToArray<long>());
        Assert.Equal([0.0, 3, 1, 4, 2, 5], x.T.ToArray<double>());
        Assert.Empty(Tensor.Zeros(0, 4).ToArray<float>());
        Assert.Throws<TensorDTypeException>(() => x.ToArray<short>());
    }

    [Fact]
    public void CopyFromBroadcastsAndConverts()
    {
        var x = Tensor.Zeros(2, 3);
        Assert.Same(x, x.CopyFrom(Tensor.FromArray(new[] { 1L, 2, 3 }, [3])));
        Assert.Equal([1f, 2, 3, 1, 2, 3], x.ToArray<float>());
        x.T.CopyFrom(Tensor.FromArray(new[] { 1.5, 2.5, 3.5, 4.5, 5.5, 6.5 }, [3, 2]));
        Assert.Equal([1.5f, 3.5f, 5.5f, 2.5f, 4.5f, 6.5f], x.ToArray<float>());
        var i = Tensor.Zeros([3], DType.Int32);
        i.CopyFrom(Tensor.FromArray(new[] { -1.7f, 0.2f, 2.9f }, [3]));
        Assert.Equal([-1, 0, 2], i.ToArray<int>());
        var ex = Assert.Throws<TensorShapeException>(() => x.CopyFrom(Tensor.Zeros(4)));
        Assert.Contains("CopyFrom", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4]", ex.Message);
    }

    [Fact]
    public void CloneOwnsItsStorageAndDetachShares()
    {
        var x = Tensor.Arange(0.0, 6.0).View(2, 3);
        var c = x.T.Clone();
        Assert.True(c.IsContiguous);
        Assert.Equal([0f, 3, 1, 4, 2, 5], c.ToArray<float>());
        c.FillInPlace(-1);
        Assert.Equal([0f, 1, 2, 3, 4, 5], x.ToArray<float>());
        x.Detach().FillInPlace(9);
        Assert.All(x.ToArray<float>(), v => Assert.Equal(9f, v));
    }
}

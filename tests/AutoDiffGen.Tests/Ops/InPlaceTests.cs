using AutoDiffGen.Tests.Reference;

namespace AutoDiffGen.Tests.Ops;

/// <summary>In-place arithmetic: results against the reference, writes through views into their base, broadcasting of the other operand, and the errors.</summary>
public class InPlaceTests
{
    private static readonly Layout[] _selfLayouts = [Layout.Contiguous, Layout.Permuted, Layout.Stepped, Layout.Offset];

    public static TheoryData<string, DType, DType> Cases()
    {
        var data = new TheoryData<string, DType, DType>();
        foreach (var op in new[] { "Add", "Sub", "Mul", "Div" })
        {
            foreach (var self in new[] { DType.Float32, DType.Float64, DType.Int64, DType.Int32 })
            {
                foreach (var other in OpsHelpers.AllTypes)
                {
                    // Only combinations whose result type can be cast back to self's type (PyTorch's can_cast).
                    var resultType = op == "Div"
                        ? RefPromotion.TrueDivide(RefPromotion.PromoteTypes(self, other))
                        : RefPromotion.PromoteTypes(self, other);
                    if (RefPromotion.Category(resultType) <= RefPromotion.Category(self))
                    {
                        data.Add(op, self, other);
                    }
                }
            }
        }

        return data;
    }

    private static Tensor ApplyInPlace(string op, Tensor self, Tensor other) => op switch
    {
        "Add" => self.AddInPlace(other),
        "Sub" => self.SubInPlace(other),
        "Mul" => self.MulInPlace(other),
        _ => self.DivInPlace(other),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesReferenceAndWritesThroughViews(string op, DType selfType, DType otherType)
    {
        var seed = 9000 + (op[0] * 50) + ((int)selfType * 5) + (int)otherType;
        var rng = new Random(seed);
        for (var i = 0; i < 20; i++)
        {
            var shape = i == 0 ? [] : OpsHelpers.RandomShape(rng);
            var otherShape = i % 3 == 0 ? shape : OpsHelpers.BroadcastPartner(rng, shape);
            if (RefTensor.BroadcastShape(shape, otherShape) is not { } b || !b.SequenceEqual(shape))
            {
                otherShape = shape;
            }

            var layout = _selfLayouts[rng.Next(_selfLayouts.Length)];
            var (self, selfRef) = OpsHelpers.Operand(rng, shape, selfType, layout);
            var (other, otherRef) = OpsHelpers.Operand(rng, otherShape, otherType, OpsHelpers.RandomLayout(rng));
            var integral = !RefPromotion.IsFloat(RefPromotion.PromoteTypes(selfType, otherType)) && op != "Div";
            var expected = RefTensor.Zip(selfRef, otherRef, RefOps.Binary(op, integral), selfType);
            var context = $"{op}InPlace({selfType}{OpsHelpers.Describe(shape)} {layout}, {otherType}{OpsHelpers.Describe(otherShape)}) seed {seed}";
            var returned = ApplyInPlace(op, self, other);
            Assert.Same(self, returned);
            OpsHelpers.AssertMatches(expected, self, context);
        }
    }

    [Fact]
    public void WritingIntoASliceChangesTheBase()
    {
        var values = Enumerable.Range(0, 24).Select(v => (double)v).ToArray();
        var baseRef = new RefTensor(values, [4, 6], DType.Float32);
        var x = OpsHelpers.FromRef(baseRef);

        // x[:, 1::2] += 100
        x.Slice(1, 1, null, 2).AddInPlace(100.0);

        // x[2] *= -1
        x.Select(0, 2).MulInPlace(-1L);

        // x.T[0] (column 0) -= 0.5
        x.T.Select(0, 0).SubInPlace(Tensor.Scalar(0.5));

        // x.narrow(0, 3, 1) /= 4
        x.Narrow(0, 3, 1).DivInPlace(4.0);
        var expected = new double[24];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 6; j++)
            {
                var v = values[(i * 6) + j];
                if (j % 2 == 1)
                {
                    v += 100;
                }

                if (i == 2)
                {
                    v *= -1;
                }

                if (j == 0)
                {
                    v -= 0.5;
                }

                if (i == 3)
                {
                    v /= 4;
                }

                expected[(i * 6) + j] = v;
            }
        }

        OpsHelpers.AssertMatches(new RefTensor(expected, [4, 6], DType.Float32), x, "writes through views");
    }

    [Fact]
    public void OtherBroadcastsIntoSelf()
    {
        var x = Tensor.Zeros(2, 3);
        x.AddInPlace(Tensor.FromArray(new float[] { 1, 2, 3 }, [3]));
        x.AddInPlace(Tensor.FromArray(new float[] { 10, 20 }, [2, 1]));
        x.MulInPlace(Tensor.Scalar(2.0));
        x.SubInPlace(Tensor.FromArray(new float[] { 1 }, [1, 1]));
        Assert.Equal([21f, 23, 25, 41, 43, 45], x.ToArray<float>());
    }

    [Theory]
    [InlineData(new[] { 3 }, new[] { 2, 3 })]
    [InlineData(new[] { 2, 1 }, new[] { 1, 3 })]
    [InlineData(new int[0], new[] { 2 })]
    public void BroadcastShapeDifferentFromSelfIsAnError(int[] selfShape, int[] otherShape)
    {
        var x = Tensor.Zeros(selfShape);
        var y = Tensor.Ones(otherShape);
        foreach (var (name, act) in new (string, Action)[]
        {
            ("AddInPlace", () => x.AddInPlace(y)),
            ("SubInPlace", () => x.SubInPlace(y)),
            ("MulInPlace", () => x.MulInPlace(y)),
            ("DivInPlace", () => x.DivInPlace(y)),
        })
        {
            var ex = Assert.Throws<TensorShapeException>(act);
            Assert.Contains(name, ex.Message);
            Assert.Contains(OpsHelpers.Describe(selfShape), ex.Message);
            Assert.Contains(OpsHelpers.Describe(otherShape), ex.Message);
        }

        Assert.Equal(new float[x.NumElements], x.ToArray<float>());
    }

    [Theory]
    [InlineData(DType.Int64)]
    [InlineData(DType.Int32)]
    [InlineData(DType.Bool)]
    public void DividingAnIntegerTensorInPlaceIsAnError(DType dtype)
    {
        var x = OpsHelpers.FromValues([4, 6, 8], [3], dtype);
        var ex = Assert.Throws<TensorDTypeException>(() => x.DivInPlace(OpsHelpers.FromValues([2, 2, 2], [3], dtype)));
        Assert.Contains("DivInPlace", ex.Message);
        Assert.Contains("Float32", ex.Message);
        Assert.Throws<TensorDTypeException>(() => x.DivInPlace(2.0));
        Assert.Equal(dtype == DType.Bool ? [1, 1, 1] : new double[] { 4, 6, 8 }, OpsHelpers.Read(x));
    }

    [Fact]
    public void InPlaceResultTypeMustFitSelf()
    {
        var i = Tensor.FromArray(new long[] { 1, 2 }, [2]);
        Assert.Throws<TensorDTypeException>(() => i.AddInPlace(1.5));
        Assert.Throws<TensorDTypeException>(() => i.MulInPlace(Tensor.FromArray(new float[] { 1, 2 }, [2])));

        // A float 0-d tensor still lifts the result type to float, which an int tensor cannot hold.
        Assert.Throws<TensorDTypeException>(() => i.AddInPlace(Tensor.Scalar(1.0)));
        Assert.Throws<TensorDTypeException>(() => i.ExpInPlace());
        Assert.Throws<TensorDTypeException>(() => i.PowInPlace(2.0));

        // Same category: an int32 tensor takes int64 operands; float32 takes float64.
        var i32 = Tensor.FromArray(new[] { 1, 2 }, [2]);
        i32.AddInPlace(Tensor.FromArray(new long[] { 10, 20 }, [2]));
        Assert.Equal([11, 22], i32.ToArray<int>());
        var f = Tensor.FromArray(new[] { 1f, 2f }, [2]);
        f.MulInPlace(Tensor.FromArray(new[] { 0.5, 0.25 }, [2]));
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal([0.5f, 0.5f], f.ToArray<float>());
        i.AddInPlace(3L);
        Assert.Equal([4L, 5], i.ToArray<long>());
    }

    [Fact]
    public void UnaryAndScalarInPlaceOpsMatchReferenceOnViews()
    {
        var rng = new Random(404);
        foreach (var layout in _selfLayouts)
        {
            foreach (var (name, f, act) in new (string, Func<double, double>, Action<Tensor>)[]
            {
                ("ExpInPlace", Math.Exp, t => t.ExpInPlace()),
                ("ReluInPlace", v => double.IsNaN(v) ? v : Math.Max(v, 0), t => t.ReluInPlace()),
                ("SqrtInPlace", Math.Sqrt, t => t.SqrtInPlace()),
                ("AbsInPlace", Math.Abs, t => t.AbsInPlace()),
                ("NegInPlace", v => -v, t => t.NegInPlace()),
                ("PowInPlace", v => Math.Pow(v, 3), t => t.PowInPlace(3.0)),
                ("AddInPlace(0.25)", v => v + 0.25, t => t.AddInPlace(0.25)),
                ("SubInPlace(2L)", v => v - 2, t => t.SubInPlace(2L)),
                ("MulInPlace(-1.5)", v => v * -1.5, t => t.MulInPlace(-1.5)),
                ("DivInPlace(4.0)", v => v / 4, t => t.DivInPlace(4.0)),
                ("FillInPlace(7)", _ => 7, t => t.FillInPlace(7)),
                ("ZeroInPlace", _ => 0, t => t.ZeroInPlace()),
            })
            {
                foreach (var dtype in new[] { DType.Float32, DType.Float64 })
                {
                    var (x, xRef) = OpsHelpers.Operand(rng, [3, 4, 5], dtype, layout);
                    act(x);
                    OpsHelpers.AssertMatches(xRef.Map(f, dtype), x, $"{name} {dtype} {layout}");
                }
            }
        }
    }

    [Fact]
    public void AddWithAlphaMatchesReferenceOnBothPaths()
    {
        var rng = new Random(77);
        foreach (var (shape, otherShape) in new (int[], int[])[] { ([4, 5], [4, 5]), ([4, 5], [5]), ([0, 2], [0, 2]) })
        {
            foreach (var layout in _selfLayouts)
            {
                var (x, xRef) = OpsHelpers.Operand(rng, shape, DType.Float32, layout);
                var (y, yRef) = OpsHelpers.Operand(rng, otherShape, DType.Float32, OpsHelpers.RandomLayout(rng));
                var expected = RefTensor.Zip(xRef, yRef, (a, b) => a + (-0.75 * b), DType.Float32);
                OpsHelpers.AssertMatches(expected, x.Add(y, -0.75), $"Add alpha {layout}");
                Assert.Same(x, x.AddInPlace(y, -0.75));
                OpsHelpers.AssertMatches(expected, x, $"AddInPlace alpha {layout}");
            }
        }
    }

    [Fact]
    public void InPlaceOnAnExpandedTensorIsRefused()
    {
        // PyTorch: "unsupported operation: more than one element of the written-to tensor refers to a single memory
        // location. Please clone() the tensor before performing the operation." Writing the same element three times
        // would otherwise add 1 three times.
        var x = Tensor.FromArray(new[] { 1f }, [1]).Expand(3);
        Assert.Throws<InvalidOperationException>(() => x.AddInPlace(1.0));
        Assert.Throws<InvalidOperationException>(() => x.AddInPlace(Tensor.Ones(3)));
        Assert.Throws<InvalidOperationException>(() => x.ExpInPlace());
        Assert.Equal([1f, 1f, 1f], x.ToArray<float>());
    }

    [Fact]
    public void InPlaceWithAPartiallyOverlappingOperandIsRefused()
    {
        // PyTorch: a.add_(a.T) raises "unsupported operation: some elements of the input tensor and the written-to
        // tensor refer to a single memory location". Without the check the loop would read elements it had already
        // overwritten ([[2, 5], [8, 8]] instead of [[2, 5], [5, 8]]).
        var a = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, [2, 2]);
        Assert.Throws<InvalidOperationException>(() => a.AddInPlace(a.T));
    }
}

namespace AutoDiffGen.Tests.Core;

/// <summary>
/// Every elementwise op against an independent float64 reference on seeded random shapes: broadcast pairs, 0-d
/// and zero-size tensors, non-contiguous views (permuted and stepped slices), and every dtype pairing, with the
/// result dtype checked against PyTorch's promotion rules as written out here.
/// </summary>
public class ElementwiseReferenceTests
{
    private static readonly DType[] _allTypes = [DType.Float32, DType.Float64, DType.Int64, DType.Int32, DType.Bool];

    public static TheoryData<string> BinaryOps => new() { "Add", "Sub", "Mul", "Div", "Maximum", "Minimum", "Pow" };

    public static TheoryData<string> UnaryOps => new()
    {
        "Neg", "Abs", "Exp", "Log", "Sqrt", "Sin", "Cos", "Tanh", "Sigmoid", "Relu", "Floor", "Ceil", "Round", "Sign", "Reciprocal", "Square",
    };

    /// <summary>A random tensor with known values; non-contiguous when asked (a permuted copy or a stepped slice).</summary>
    private static (Tensor Tensor, double[] Values) Make(System.Random rng, int[] shape, DType dtype, int layout, bool positive = false)
    {
        var n = shape.Aggregate(1, (a, b) => a * b);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = dtype switch
            {
                DType.Bool => rng.Next(2),
                DType.Int64 or DType.Int32 => positive ? rng.Next(1, 5) : rng.Next(-4, 5),
                _ => positive ? 0.1 + (rng.NextDouble() * 3) : Math.Round((rng.NextDouble() * 6) - 3, 3),
            };
        }

        var dense = Tensor.FromArray(values, shape).To(dtype);

        // The reference works on the values as stored (float32 rounds them).
        values = dense.To(DType.Float64).ToArray<double>();
        var tensor = layout switch
        {
            // The same values read through a reversed permutation of a transposed copy.
            1 when shape.Length >= 2 => dense.Permute([.. Enumerable.Range(0, shape.Length).Reverse()]).Contiguous()
                .Permute([.. Enumerable.Range(0, shape.Length).Reverse()]),

            // Every other element of a tensor twice as long in the last dim.
            2 when shape.Length >= 1 => Tensor.Stack([dense, Tensor.ZerosLike(dense)], -1).Flatten(-2).Slice(-1, 0, null, 2),
            _ => dense,
        };
        Assert.Equal(values, tensor.To(DType.Float64).ToArray<double>());
        return (tensor, values);
    }

    private static int[] RandomShape(System.Random rng)
    {
        var rank = rng.Next(0, 5);
        return [.. Enumerable.Range(0, rank).Select(_ => rng.Next(10) == 0 ? 0 : rng.Next(1, 5))];
    }

    /// <summary>A shape that broadcasts with <paramref name="shape"/>: some leading dims dropped, some sizes set to 1.</summary>
    private static int[] BroadcastPartner(System.Random rng, int[] shape)
    {
        var drop = rng.Next(0, shape.Length + 1);
        return [.. shape.Skip(drop).Select(s => rng.Next(3) == 0 ? 1 : s)];
    }

    private static int[] Broadcast(int[] a, int[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var sa = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
            var sb = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
            result[i] = sa == 1 ? sb : sa;
        }

        return result;
    }

    private static double At(double[] values, int[] shape, int[] target, int flat)
    {
        var index = 0;
        var stride = 1;
        var lead = target.Length - shape.Length;
        for (var d = target.Length - 1; d >= 0; d--)
        {
            var coordinate = flat % target[d];
            flat /= target[d];
            if (d >= lead)
            {
                var size = shape[d - lead];
                index += (size == 1 ? 0 : coordinate) * stride;
                stride *= size;
            }
        }

        return values[index];
    }

    // PyTorch's promotion, written out: category bool < int < float; wider type within a category; a 0-d tensor
    // only counts when its category is higher than the dimensioned operand's.
    private static DType Promote(DType a, bool aScalar, DType b, bool bScalar)
    {
        static int Category(DType t) => t == DType.Bool ? 0 : t is DType.Int32 or DType.Int64 ? 1 : 2;
        static DType Wider(DType x, DType y) =>
            Category(x) != Category(y) ? (Category(x) > Category(y) ? x : y)
            : x == DType.Float64 || y == DType.Float64 ? DType.Float64
            : x == DType.Int64 || y == DType.Int64 ? DType.Int64 : x;
        if (aScalar == bScalar)
        {
            return Wider(a, b);
        }

        var (dimensioned, zeroDim) = aScalar ? (b, a) : (a, b);
        return Category(zeroDim) > Category(dimensioned) ? zeroDim : dimensioned;
    }

    private static double Reference(string op, double x, double y, DType type) => op switch
    {
        "Add" => type == DType.Bool ? Math.Min(1, x + y) : x + y,
        "Sub" => x - y,
        "Mul" => x * y,
        "Div" => x / y,
        "Maximum" => Math.Max(x, y),
        "Minimum" => Math.Min(x, y),
        _ => Math.Pow(x, y),
    };

    [Theory]
    [MemberData(nameof(BinaryOps))]
    public void Binary_op_matches_reference_with_broadcasting_promotion_and_views(string op)
    {
        var rng = new System.Random(op.GetHashCode(StringComparison.Ordinal) & 0xffff);
        var cases = 0;
        for (var trial = 0; trial < 60; trial++)
        {
            var ta = _allTypes[rng.Next(_allTypes.Length)];
            var tb = _allTypes[rng.Next(_allTypes.Length)];
            var sa = RandomShape(rng);
            var sb = BroadcastPartner(rng, sa);
            if (rng.Next(2) == 0)
            {
                (sa, sb) = (sb, sa);
                (ta, tb) = (tb, ta);
            }

            var resultType = Promote(ta, sa.Length == 0, tb, sb.Length == 0);
            if (op == "Div" && resultType is not (DType.Float32 or DType.Float64))
            {
                resultType = DType.Float32;
            }

            if ((op == "Sub" && resultType == DType.Bool) || (op == "Pow" && resultType != DType.Float64 && resultType != DType.Float32))
            {
                continue;
            }

            var (a, va) = Make(rng, sa, ta, rng.Next(3), positive: op == "Pow");
            var (b, vb) = Make(rng, sb, tb, rng.Next(3), positive: op == "Div");
            var result = op switch
            {
                "Add" => a + b,
                "Sub" => a - b,
                "Mul" => a * b,
                "Div" => a / b,
                "Maximum" => a.Maximum(b),
                "Minimum" => a.Minimum(b),
                _ => a.Pow(b),
            };

            var shape = Broadcast(sa, sb);
            Assert.Equal(shape, result.Shape.ToArray());
            Assert.Equal(resultType, result.DType);
            var actual = result.To(DType.Float64).ToArray<double>();
            for (var i = 0; i < actual.Length; i++)
            {
                var x = At(va, sa, shape, i);
                var y = At(vb, sb, shape, i);
                var expected = Reference(op, x, y, resultType);
                if (resultType == DType.Bool)
                {
                    expected = op == "Mul" || op == "Minimum" ? Math.Min(1, Math.Abs(expected)) : expected != 0 ? 1 : 0;
                }

                AssertClose(expected, actual[i], resultType, $"{op} {ta}{Fmt(sa)} with {tb}{Fmt(sb)} at {i}");
            }

            cases++;
        }

        Assert.True(cases >= 20, $"only {cases} cases ran for {op}");
    }

    [Theory]
    [MemberData(nameof(UnaryOps))]
    public void Unary_op_matches_reference_on_each_dtype_and_layout(string op)
    {
        var rng = new System.Random(op.GetHashCode(StringComparison.Ordinal) & 0xffff);
        var positive = op is "Log" or "Sqrt" or "Reciprocal";
        foreach (var dtype in new[] { DType.Float32, DType.Float64, DType.Int64, DType.Int32 })
        {
            for (var trial = 0; trial < 6; trial++)
            {
                var (x, values) = Make(rng, RandomShape(rng), dtype, trial % 3, positive);
                var result = op switch
                {
                    "Neg" => -x,
                    "Abs" => x.Abs(),
                    "Exp" => x.Exp(),
                    "Log" => x.Log(),
                    "Sqrt" => x.Sqrt(),
                    "Sin" => x.Sin(),
                    "Cos" => x.Cos(),
                    "Tanh" => x.Tanh(),
                    "Sigmoid" => x.Sigmoid(),
                    "Relu" => x.Relu(),
                    "Floor" => x.Floor(),
                    "Ceil" => x.Ceil(),
                    "Round" => x.Round(),
                    "Sign" => x.Sign(),
                    "Reciprocal" => x.Reciprocal(),
                    _ => x.Square(),
                };
                var floatResult = op is "Exp" or "Log" or "Sqrt" or "Sin" or "Cos" or "Tanh" or "Sigmoid" or "Reciprocal";
                var expectedType = floatResult && dtype is DType.Int64 or DType.Int32 ? DType.Float32 : dtype;
                Assert.Equal(expectedType, result.DType);
                var actual = result.To(DType.Float64).ToArray<double>();
                for (var i = 0; i < values.Length; i++)
                {
                    var v = values[i];
                    var expected = op switch
                    {
                        "Neg" => -v,
                        "Abs" => Math.Abs(v),
                        "Exp" => Math.Exp(v),
                        "Log" => Math.Log(v),
                        "Sqrt" => Math.Sqrt(v),
                        "Sin" => Math.Sin(v),
                        "Cos" => Math.Cos(v),
                        "Tanh" => Math.Tanh(v),
                        "Sigmoid" => 1 / (1 + Math.Exp(-v)),
                        "Relu" => Math.Max(v, 0),
                        "Floor" => Math.Floor(v),
                        "Ceil" => Math.Ceiling(v),
                        "Round" => Math.Round(v, MidpointRounding.ToEven),
                        "Sign" => Math.Sign(v),
                        "Reciprocal" => 1 / v,
                        _ => v * v,
                    };
                    AssertClose(expected, actual[i], expectedType, $"{op} {dtype} element {i} of {values[i]}");
                }
            }
        }
    }

    [Fact]
    public void Large_inputs_take_the_multithreaded_path_and_agree()
    {
        var rng = new System.Random(3);
        var (a, va) = Make(rng, [700, 500], DType.Float32, 0);
        var (b, vb) = Make(rng, [700, 500], DType.Float32, 0);
        var sum = (a + b).ToArray<float>();
        var triad = a.Add(b, 3).ToArray<float>();
        var scaled = (a * 2.5).ToArray<float>();
        var exp = a.Exp().ToArray<float>();
        for (var i = 0; i < va.Length; i += 997)
        {
            Assert.Equal((float)va[i] + (float)vb[i], sum[i]);
            Assert.Equal((float)va[i] + (3 * (float)vb[i]), triad[i], 1e-5f);
            Assert.Equal((float)va[i] * 2.5f, scaled[i]);
            Assert.Equal(Math.Exp((float)va[i]), exp[i], 1e-5 * Math.Exp(va[i]));
        }

        Assert.Equal((double)va.Sum(v => (double)(float)v), a.Sum().Item<float>(), 0.05);
    }

    [Fact]
    public void Scalars_keep_the_tensor_dtype_unless_their_category_is_higher()
    {
        var ints = Tensor.Arange(4);
        Assert.Equal(DType.Int64, (ints + 1).DType);
        Assert.Equal(DType.Float32, (ints + 1.5).DType);
        Assert.Equal(DType.Float32, (ints / 2).DType);
        Assert.Equal(new float[] { 0, 0.5f, 1, 1.5f }, (ints / 2).ToArray<float>());
        Assert.Equal(DType.Float64, (Tensor.Zeros([2], DType.Float64) * 3).DType);
        Assert.Equal(DType.Float32, (Tensor.Zeros(2) + Tensor.Scalar(1.0, DType.Float64)).DType);
        Assert.Equal(DType.Float64, (ints + Tensor.Scalar(1.0, DType.Float64)).DType);
        Assert.Equal(DType.Int64, (Tensor.FromArray(new[] { true }) + 1).DType);
        Assert.Equal(new long[] { 1, 0 }, (1 - Tensor.FromArray(new long[] { 0, 1 })).ToArray<long>());
        Assert.Equal(new float[] { 2, 1 }, (2.0 / Tensor.FromArray(new[] { 1f, 2f })).ToArray<float>());
        Assert.Equal(new long[] { 0, 1, 8, 27 }, ints.Pow(3).ToArray<long>());
        Assert.Throws<TensorDTypeException>(() => ints.Pow(-1));
    }

    [Fact]
    public void In_place_ops_write_through_views_and_check_shape_and_dtype()
    {
        var m = Tensor.Zeros(3, 4);
        m[.., 1].AddInPlace(Tensor.FromArray(new float[] { 1, 2, 3 }));
        m[0].MulInPlace(5).AddInPlace(1);
        Assert.Equal(new float[] { 1, 6, 1, 1, 0, 2, 0, 0, 0, 3, 0, 0 }, m.ToArray<float>());
        var y = Tensor.Ones(2, 3);
        y.AddInPlace(Tensor.FromArray(new float[] { 1, 2, 3 }));
        Assert.Equal(new float[] { 2, 3, 4, 2, 3, 4 }, y.ToArray<float>());
        var e = Assert.Throws<TensorShapeException>(() => Tensor.Ones(3).AddInPlace(Tensor.Ones(2, 3)));
        Assert.Contains("[3]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 3]", e.Message, StringComparison.Ordinal);
        var d = Assert.Throws<TensorDTypeException>(() => Tensor.Arange(3).DivInPlace(2));
        Assert.Contains("Int64", d.Message, StringComparison.Ordinal);
        Assert.Throws<TensorDTypeException>(() => Tensor.Arange(3).AddInPlace(Tensor.Ones(3)));
        var f = Tensor.Ones(2);
        f.AddInPlace(Tensor.Arange(2));
        Assert.Equal(new float[] { 1, 2 }, f.ToArray<float>());
        var p = Tensor.FromArray(new float[] { 1, 2 });
        p.AddInPlace(Tensor.FromArray(new float[] { 10, 20 }), alpha: -0.1);
        Assert.Equal(new float[] { 0, 0 }, p.ToArray<float>());
    }

    [Fact]
    public void Broadcast_errors_name_the_op_and_both_shapes()
    {
        var e = Assert.Throws<TensorShapeException>(() => Tensor.Ones(2, 3) + Tensor.Ones(4));
        Assert.StartsWith("Add:", e.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 3]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[4]", e.Message, StringComparison.Ordinal);
        Assert.Equal([0, 3], (Tensor.Ones(0, 1) * Tensor.Ones(3)).Shape.ToArray());
    }

    private static string Fmt(int[] shape) => "[" + string.Join(",", shape) + "]";

    private static void AssertClose(double expected, double actual, DType type, string what)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), what);
            return;
        }

        var tolerance = type switch
        {
            DType.Float32 => 2e-6 * (1 + Math.Abs(expected)),
            DType.Float64 => 1e-12 * (1 + Math.Abs(expected)),
            _ => 0,
        };
        Assert.True(Math.Abs(expected - actual) <= tolerance || expected == actual, $"{what}: expected {expected}, got {actual}");
    }
}

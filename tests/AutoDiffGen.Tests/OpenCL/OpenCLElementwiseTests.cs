using static AutoDiffGen.Tests.OpenCL.OpenCLTestKit;

namespace AutoDiffGen.Tests.OpenCL;

/// <summary>Every elementwise op on the device equals the CPU within 1e-4 + 1e-4·|cpu|.</summary>
[Collection("OpenCL")]
public class OpenCLElementwiseTests
{
    // Operand pairs: equal shapes, 0-d, broadcasting both ways, a transposed (non-contiguous) operand, a stepped slice.
    public static TheoryData<string> Pairs => ["same", "scalar", "broadcast", "transposed", "sliced", "empty"];

    private static (Tensor A, Tensor B) Pair(string kind) => kind switch
    {
        "same" => (Values(3, 4), Values(3, 4) * 0.5 + 0.25),
        "scalar" => (Values(3, 4), Tensor.Scalar(1.5)),
        "broadcast" => (Values(3, 1), Values(1, 4) + 3),
        "transposed" => (Values(4, 3).T, Values(3, 4) + 0.5),
        "sliced" => (Values(6, 4)[TensorIndex.Slice(null, null, 2)], Values(4)),
        _ => (Values(0, 4), Values(4)),
    };

    [OpenCLTheory]
    [MemberData(nameof(Pairs))]
    public void Binary_ops_match_cpu(string kind)
    {
        var (a, b) = Pair(kind);
        SameStrided(t => t[0] + t[1], a, b);
        SameStrided(t => t[0] - t[1], a, b);
        SameStrided(t => t[0] * t[1], a, b);
        SameStrided(t => t[0] / t[1], a, b);
        SameStrided(t => t[0].Abs().Pow(t[1]), a, b);
        SameStrided(t => t[0].Maximum(t[1]), a, b);
        SameStrided(t => t[0].Minimum(t[1]), a, b);
        SameStrided(t => t[1] - t[0], a, b);
    }

    [OpenCLFact]
    public void Binary_ops_in_other_dtypes_and_promotion()
    {
        var i = Tensor.Arange(12).View(3, 4);
        var j = Tensor.Arange(1, 5);
        Same(t => t[0] + t[1], i, j);
        Same(t => t[0] * t[1], i, j);
        Same(t => t[0] / t[1], i, j);
        Same(t => t[0].Pow(t[1]), i, j);
        Same(t => t[0].Maximum(t[1]), i.To(DType.Int32), j.To(DType.Int32));
        Same(t => t[0] + t[1], i, Values(3, 4));
        Same(t => t[0] - t[1], Values(3, 4).To(DType.Float64), Values(4));
        Same(t => t[0] + t[1], i.Gt(5), j.Gt(2));
        Same(t => t[0] * t[1], i.Gt(5), j.Gt(2));
    }

    [OpenCLFact]
    public void Scalar_variants_match_cpu()
    {
        var x = Values(4, 3).T;
        SameStrided(t => t[0] + 2.5, x);
        SameStrided(t => 2.5 - t[0], x);
        SameStrided(t => t[0] * 3L, x);
        SameStrided(t => 1.0 / (t[0] + 5), x);
        SameStrided(t => t[0].Pow(2.0), x);
        SameStrided(t => t[0].Clamp(-0.5, 0.5), x);
        Same(t => t[0].Pow(3L), Tensor.Arange(-3, 4));
        Same(t => t[0] + 1.5, Tensor.Arange(5));
        Same(t => t[0] * 2L, Tensor.Arange(5).To(DType.Int32));
        Same(t => t[0] * 2.0, Tensor.Scalar(4.0));
        Same(t => -t[0], Values(2, 3));
    }

    [OpenCLFact]
    public void Unary_ops_match_cpu_on_strided_float32_and_float64()
    {
        foreach (var x in new[] { Values(4, 3).T, Values(5).To(DType.Float64), Tensor.Scalar(0.7) })
        {
            SameStrided(t => t[0].Neg(), x);
            SameStrided(t => t[0].Exp(), x);
            SameStrided(t => (t[0].Abs() + 0.1).Log(), x);
            SameStrided(t => t[0].Abs().Sqrt(), x);
            SameStrided(t => t[0].Abs(), x);
            SameStrided(t => t[0].Sin(), x);
            SameStrided(t => t[0].Cos(), x);
            SameStrided(t => t[0].Tanh(), x);
            SameStrided(t => t[0].Sigmoid(), x);
            SameStrided(t => t[0].Relu(), x);
            SameStrided(t => (t[0] * 3).Floor(), x);
            SameStrided(t => (t[0] * 3).Ceil(), x);
            SameStrided(t => (t[0] * 4).Round(), x);
            SameStrided(t => t[0].Sign(), x);
            SameStrided(t => (t[0] + 10).Reciprocal(), x);
            SameStrided(t => t[0].Square(), x);
        }
    }

    [OpenCLFact]
    public void Unary_ops_on_integers_keep_or_promote_the_dtype_as_on_cpu()
    {
        var i = Tensor.Arange(-3, 4);
        Same(t => t[0].Abs(), i);
        Same(t => -t[0], i);
        Same(t => t[0].Square(), i);
        Same(t => t[0].Relu(), i);
        Same(t => t[0].Sign(), i);
        Same(t => t[0].Exp(), i);
        Same(t => t[0].Square(), i.Gt(0));
    }

    [OpenCLFact]
    public void Comparisons_logical_ops_and_where_match_cpu()
    {
        var a = Values(3, 4);
        var b = Values(4) * 0.5;
        Same(t => t[0].Eq(t[1]), a, a.Clone());
        Same(t => t[0].Ne(t[1]), a, b);
        Same(t => t[0].Gt(t[1]), a, b);
        Same(t => t[0].Ge(t[1]), a, b);
        Same(t => t[0].Lt(t[1]), a, b);
        Same(t => t[0].Le(t[1]), a, b);
        Same(t => t[0].Gt(0.25), a);
        Same(t => t[0].Eq(2), Tensor.Arange(5));
        Same(t => t[0].Gt(0).LogicalNot(), a);
        Same(t => t[0].Gt(0).LogicalAnd(t[1].Lt(0.5)), a, b);
        Same(t => t[0].Gt(0).LogicalOr(t[1].Lt(0.5)), a, b);
        Same(t => t[0].Gt(0).LogicalXor(t[1].Lt(0.5)), a, b);
        Same(t => Tensor.Where(t[0].Gt(0), t[0], t[1]), a, b);
        Same(t => Tensor.Where(t[0].Gt(0), t[0], Tensor.Scalar(0.0)), a);
        var d = a.To(Dev);
        Assert.Equal(a.Gt(1.9).Any(), d.Gt(1.9).Any());
        Assert.True(d.Gt(-3).All());
        Assert.False(d.Gt(0).All());
        Assert.True(a.AllClose(d.To(Device.Cpu)));
    }

    [OpenCLFact]
    public void In_place_ops_update_the_device_tensor()
    {
        var x = Values(3, 4);
        var y = Values(4);
        Same(t => t[0].Clone().AddInPlace(t[1]), x, y);
        Same(t => t[0].Clone().AddInPlace(t[1], -0.1), x, x * 2);
        Same(t => t[0].Clone().SubInPlace(t[1]), x, y);
        Same(t => t[0].Clone().MulInPlace(t[1]), x, y);
        Same(t => t[0].Clone().DivInPlace(t[1] + 5), x, y);
        Same(t => t[0].Clone().AddInPlace(2.0), x);
        Same(t => t[0].Clone().MulInPlace(0.5), x);
        Same(t => t[0].Clone().FillInPlace(3), x);
        Same(t => t[0].Clone().ZeroInPlace(), x);
        Same(t => t[0].Clone().ExpInPlace(), x);
        Same(t => t[0].Clone().ReluInPlace(), x);

        // Into a strided view: only the viewed elements change.
        Same(t =>
        {
            var c = t[0].Clone();
            c[.., 1].AddInPlace(10.0);
            c.T[0].FillInPlace(-1);
            return c;
        }, x);
        var square = Values(3, 3).To(Dev);
        Assert.Throws<InvalidOperationException>(() => square.AddInPlace(square.T));
    }

    [OpenCLFact]
    public void Add_with_alpha_matches_cpu()
    {
        Same(t => t[0].Add(t[1], 0.5), Values(3, 4), Values(3, 4) + 1);
    }
}

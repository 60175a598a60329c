namespace AutoDiffGen.Tests.Core;

public class ComparisonTests
{
    [Fact]
    public void Comparisons_broadcast_promote_and_return_bool()
    {
        var x = Tensor.FromArray(new long[] { 1, 2, 3 });
        var y = Tensor.FromArray(new float[,] { { 1.5f }, { 2f } });
        var gt = x.Gt(y);
        Assert.Equal(DType.Bool, gt.DType);
        Assert.Equal([2, 3], gt.Shape.ToArray());
        Assert.Equal(new[] { false, true, true, false, false, true }, gt.ToArray<bool>());
        Assert.Equal(new[] { false, true, false }, x.Eq(2).ToArray<bool>());
        Assert.Equal(new[] { false, false, false }, x.Eq(2.5).ToArray<bool>());
        Assert.Equal(new[] { true, true, false }, x.Le(2.5).ToArray<bool>());
        Assert.Equal(new[] { true, false, true }, x.Ne(2).ToArray<bool>());
        Assert.Equal(new[] { false, false, true }, x.Ge(3).ToArray<bool>());
        Assert.Equal(new[] { true, false, false }, x.Lt(2).ToArray<bool>());
    }

    [Fact]
    public void Accuracy_idiom_argmax_eq_labels_mean()
    {
        var logits = Tensor.FromArray(new float[,] { { 0.1f, 2f }, { 3f, -1f }, { 0f, 1f } });
        var labels = Tensor.FromArray(new long[] { 1, 0, 0 });
        var accuracy = logits.ArgMax(1).Eq(labels).To(DType.Float32).Mean().Item<float>();
        Assert.Equal(2f / 3f, accuracy, 1e-6f);
    }

    [Fact]
    public void Logical_ops_any_all_and_allclose()
    {
        var a = Tensor.FromArray(new[] { true, true, false, false });
        var b = Tensor.FromArray(new[] { true, false, true, false });
        Assert.Equal(new[] { true, false, false, false }, a.LogicalAnd(b).ToArray<bool>());
        Assert.Equal(new[] { true, true, true, false }, a.LogicalOr(b).ToArray<bool>());
        Assert.Equal(new[] { false, true, true, false }, a.LogicalXor(b).ToArray<bool>());
        Assert.Equal(new[] { false, false, true, true }, a.LogicalNot().ToArray<bool>());
        Assert.True(a.Any());
        Assert.False(a.All());
        Assert.True(Tensor.Ones(3).AllClose(Tensor.Ones(3) + 1e-7));
        Assert.False(Tensor.Ones(3).AllClose(Tensor.Ones(3) + 1e-3));
        Assert.False(Tensor.Ones(3).AllClose(Tensor.Ones(1)));
    }

    [Fact]
    public void Where_picks_elementwise_with_broadcasting()
    {
        var x = Tensor.FromArray(new float[,] { { -1, 2 }, { 3, -4 } });
        var relu = Tensor.Where(x.Gt(0), x, Tensor.Scalar(0.0));
        Assert.Equal(new float[] { 0, 2, 3, 0 }, relu.ToArray<float>());
        var mixed = Tensor.Where(Tensor.FromArray(new[] { true, false }), Tensor.Arange(2), Tensor.Full([2, 2], 9.5));
        Assert.Equal(DType.Float32, mixed.DType);
        Assert.Equal(new float[] { 0, 9.5f, 0, 9.5f }, mixed.ToArray<float>());
    }

    [Fact]
    public void Bool_arithmetic_follows_pytorch_and_errors_point_to_existing_methods()
    {
        var a = Tensor.FromArray(new[] { true, false });
        Assert.Equal(new[] { true, true }, (a + a.LogicalNot()).ToArray<bool>());
        var e = Assert.Throws<TensorDTypeException>(() => a - a);
        Assert.Contains("LogicalXor()", e.Message, StringComparison.Ordinal);
        var n = Assert.Throws<TensorDTypeException>(() => -a);
        Assert.Contains("LogicalNot()", n.Message, StringComparison.Ordinal);
    }
}

namespace AutoDiffGen.Tests.Core;

public class ViewAndCreationTests
{
    [Fact]
    public void Tutorial_reshapes()
    {
        var x = Tensor.Rand(8, 8);
        Assert.Equal([64], x.View(64).Shape.ToArray());
        Assert.Equal([4, 4, 4], x.View(-1, 4, 4).Shape.ToArray());
        Assert.Equal([1, 64], x.View(1, -1).Shape.ToArray());
        Assert.Equal([2, 32, 1], x.Reshape(2, -1, 1).Shape.ToArray());
        Assert.Equal([3, 224, 224], Tensor.Zeros(224, 224, 3).Permute(2, 0, 1).Shape.ToArray());
        var y = Tensor.Zeros(2, 1, 3);
        Assert.Equal([2, 3], y.Squeeze(1).Shape.ToArray());
        Assert.Equal([2, 1, 3], y.Squeeze(2).Shape.ToArray());
        Assert.Equal([1, 2, 1, 3], y.Unsqueeze(0).Shape.ToArray());
        Assert.Equal([2, 1, 3, 1], y.Unsqueeze(-1).Shape.ToArray());
        Assert.Equal([2, 3], y.Squeeze().Shape.ToArray());
    }

    [Fact]
    public void Transpose_is_a_non_contiguous_view_and_view_refuses_with_advice()
    {
        var x = Tensor.Arange(24).View(2, 3, 4);
        var t = x.Transpose(1, 2);
        Assert.False(t.IsContiguous);
        Assert.Equal([2, 4, 3], t.Shape.ToArray());
        var e = Assert.Throws<InvalidOperationException>(() => t.View(24));
        Assert.Contains("Contiguous()", e.Message, StringComparison.Ordinal);
        Assert.Contains("Reshape", e.Message, StringComparison.Ordinal);
        var c = t.Contiguous();
        Assert.True(c.IsContiguous);
        Assert.Equal(c.ToArray<long>(), t.Reshape(24).ToArray<long>());
        Assert.Equal([8, 3], x.Transpose(1, 2).Reshape(8, 3).Shape.ToArray());

        // A view that is still expressible: merging the two leading dims of a transposed tensor's batch.
        var batched = Tensor.Arange(24).View(4, 3, 2).Transpose(1, 2);
        Assert.Equal([2, 2, 2, 3], batched.View(2, 2, 2, 3).Shape.ToArray());
    }

    [Fact]
    public void Shape_inference_errors()
    {
        var x = Tensor.Zeros(4, 4);
        Assert.Contains("only one dimension can be inferred", Assert.Throws<TensorShapeException>(() => x.View(-1, -1)).Message, StringComparison.Ordinal);
        Assert.Contains("invalid for input of size 16", Assert.Throws<TensorShapeException>(() => x.View(3, 5)).Message, StringComparison.Ordinal);
        Assert.Throws<TensorShapeException>(() => x.View(-1, 3));
        Assert.Throws<TensorShapeException>(() => x.Expand(3, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Transpose(0, 2));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => x.Sum(2));
        Assert.Contains("[-2, 1]", e.Message, StringComparison.Ordinal);
        Assert.Throws<TensorShapeException>(() => Tensor.Zeros(-1, 2));
    }

    [Fact]
    public void Creation_dtypes_and_values_follow_pytorch()
    {
        Assert.Equal(DType.Int64, Tensor.Arange(5).DType);
        Assert.Equal(new long[] { 0, 2, 4 }, Tensor.Arange(0, 5, 2).ToArray<long>());
        Assert.Equal(DType.Float32, Tensor.Arange(0, 1, 0.25).DType);
        Assert.Equal(new float[] { 0, 0.25f, 0.5f, 0.75f }, Tensor.Arange(0, 1, 0.25).ToArray<float>());
        Assert.Equal(10, Tensor.Arange(0, 1, 0.1).NumElements);
        Assert.Equal(new long[] { 5, 4, 3 }, Tensor.Arange(5, 2, -1).ToArray<long>());
        Assert.Throws<ArgumentException>(() => Tensor.Arange(0, 5, 0));
        var l = Tensor.Linspace(-1, 1, 7, DType.Float64).ToArray<double>();
        Assert.Equal(-1, l[0]);
        Assert.Equal(1, l[^1]);
        Assert.Equal(0, l[3], 1e-15);
        Assert.Equal(new float[] { 1, 0, 0, 0, 1, 0 }, Tensor.Eye(2, 3).ToArray<float>());
        Assert.Equal(DType.Int64, Tensor.Full([2], 7).DType);
        Assert.Equal(DType.Float32, Tensor.Full([2], 7.5).DType);
        Assert.Equal(new float[] { 7.5f, 7.5f }, Tensor.Full([2], 7.5).ToArray<float>());
        Assert.Equal([5, 4], Tensor.Empty(5, 4).Shape.ToArray());
        Assert.Equal(DType.Int32, Tensor.OnesLike(Tensor.Zeros([3], DType.Int32)).DType);
        Assert.Equal(0, Tensor.Scalar(7).Dim);
    }

    [Fact]
    public void FromArray_keeps_rank_and_element_type()
    {
        Assert.Equal(DType.Float32, Tensor.FromArray(new float[] { 1 }).DType);
        Assert.Equal([2, 3], Tensor.FromArray(new double[2, 3]).Shape.ToArray());
        Assert.Equal(DType.Float64, Tensor.FromArray(new double[2, 3]).DType);
        Assert.Equal([2, 3, 4], Tensor.FromArray(new long[2, 3, 4]).Shape.ToArray());
        Assert.Equal(DType.Int32, Tensor.FromArray(new int[1, 2, 3, 4]).DType);
        Assert.Equal([1, 2, 3, 4], Tensor.FromArray(new int[1, 2, 3, 4]).Shape.ToArray());
        Assert.Equal(DType.Bool, Tensor.FromArray(new bool[2, 2]).DType);
        var m = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, m.ToArray<float>());
        Assert.Equal(6f, m[1, 2].Item<float>());
        Assert.Throws<TensorDTypeException>(() => Tensor.FromArray(new byte[2]));
        var source = new float[] { 1, 2 };
        var copy = Tensor.FromArray(source);
        source[0] = 9;
        Assert.Equal(1f, copy[0].Item<float>());
        Assert.Equal([2, 2], Tensor.FromArray(new long[] { 1, 2, 3, 4 }, [2, -1]).Shape.ToArray());
    }

    [Fact]
    public void Conversions_truncate_like_c_and_item_needs_one_element()
    {
        var x = Tensor.FromArray(new[] { -1.7f, -0.5f, 0.5f, 2.9f });
        Assert.Equal(new long[] { -1, 0, 0, 2 }, x.To(DType.Int64).ToArray<long>());
        Assert.Equal(new[] { true, true, true, true }, x.To(DType.Bool).ToArray<bool>());
        Assert.Equal(new float[] { 1, 0 }, Tensor.FromArray(new[] { true, false }).To(DType.Float32).ToArray<float>());
        Assert.Equal(2.9, x[3].Item<double>(), 1e-6);
        Assert.Equal(2, x[3].Item<int>());
        var e = Assert.Throws<TensorShapeException>(() => x.Item<float>());
        Assert.Contains("4 elements", e.Message, StringComparison.Ordinal);
        Assert.Same(x, x.To(DType.Float32));
        Assert.Same(x, x.To(Device.Cpu));
        var d = x.Detach();
        d.FillInPlace(0);
        Assert.Equal(0f, x.Sum().Item<float>());
        var c = x.Clone();
        c.FillInPlace(1);
        Assert.Equal(0f, x.Sum().Item<float>());
    }
}

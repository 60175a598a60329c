namespace AutoDiffGen.Tests.Core;

public class JoiningTests
{
    [Fact]
    public void Cat_along_each_dim_promotes_and_copies_values()
    {
        var a = Tensor.Arange(6).View(2, 3);
        var b = Tensor.Arange(6, 12).View(2, 3).To(DType.Float32);
        var rows = Tensor.Cat([a, b]);
        Assert.Equal([4, 3], rows.Shape.ToArray());
        Assert.Equal(DType.Float32, rows.DType);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), rows.ToArray<float>());
        var cols = Tensor.Cat([a, a.T.Contiguous().T], dim: 1);
        Assert.Equal(new long[] { 0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5 }, cols.ToArray<long>());
        Assert.Equal([2, 3], Tensor.Cat([Tensor.Zeros(0), a]).Shape.ToArray());
    }

    [Fact]
    public void Cat_with_mismatched_sizes_names_both_shapes()
    {
        var e = Assert.Throws<TensorShapeException>(() => Tensor.Cat([Tensor.Zeros(2, 3), Tensor.Zeros(2, 4)]));
        Assert.Contains("[2, 3]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 4]", e.Message, StringComparison.Ordinal);
        Assert.Throws<TensorShapeException>(() => Tensor.Cat([Tensor.Zeros(2, 3), Tensor.Zeros(3)]));
    }

    [Fact]
    public void Stack_of_four_7_vectors_is_4x7_and_new_dim_can_be_last()
    {
        var vs = Enumerable.Range(0, 4).Select(i => Tensor.Full([7], i)).ToArray();
        Assert.Equal([4, 7], Tensor.Stack(vs).Shape.ToArray());
        var last = Tensor.Stack(vs, dim: -1);
        Assert.Equal([7, 4], last.Shape.ToArray());
        Assert.Equal(new long[] { 0, 1, 2, 3 }, last[0].ToArray<long>());
        Assert.Throws<TensorShapeException>(() => Tensor.Stack([Tensor.Zeros(2), Tensor.Zeros(3)]));
    }

    [Fact]
    public void Chunk_and_Split_follow_pytorch_sizes_and_are_views()
    {
        var x = Tensor.Arange(10);
        Assert.Equal([4, 4, 2], x.Chunk(3).Select(c => c.Size(0)).ToArray());
        Assert.Equal([2, 2, 2], Tensor.Arange(6).Chunk(4).Select(c => c.Size(0)).ToArray());
        Assert.Equal([3, 3, 3, 1], x.Split(3).Select(c => c.Size(0)).ToArray());
        var parts = x.Split([1, 9]);
        Assert.Equal(new long[] { 0 }, parts[0].ToArray<long>());
        parts[1].FillInPlace(7);
        Assert.Equal(7L, x[9].Item<long>());
        Assert.Throws<TensorShapeException>(() => x.Split([2, 3]));
        var m = Tensor.Arange(12).View(3, 4);
        var halves = m.Chunk(2, dim: 1);
        Assert.Equal(new long[] { 2, 3, 6, 7, 10, 11 }, halves[1].ToArray<long>());
    }
}

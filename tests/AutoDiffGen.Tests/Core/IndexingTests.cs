namespace AutoDiffGen.Tests.Core;

public class IndexingTests
{
    private static Tensor M() => Tensor.Arange(1, 13).View(2, 2, 3);

    [Fact]
    public void Tutorial_indexing_examples()
    {
        var m = M();
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6 }, m[0].ToArray<long>());
        Assert.Equal(new long[] { 1, 2, 3 }, m[0][0].ToArray<long>());
        Assert.Equal(new long[] { 1, 2, 3, 7, 8, 9 }, m[.., 0].ToArray<long>());
        Assert.Equal([2, 3], m[.., 0].Shape.ToArray());
        Assert.Equal(new long[] { 2, 5, 8, 11 }, m[.., .., 1].ToArray<long>());
        Assert.Equal(new long[] { 5, 11 }, m[.., 1, 1].ToArray<long>());
        Assert.Equal(new long[] { 1, 2, 3 }, m[0, 0, ..].ToArray<long>());
        Assert.Equal(6L, m[0, 1, 2].Item<long>());
        Assert.Equal(0, m[0, 1, 2].Dim);
    }

    [Fact]
    public void Ranges_and_from_end_indices_slice_like_python()
    {
        var h = Tensor.Arange(6);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, h[..^1].ToArray<long>());
        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, h[1..].ToArray<long>());
        Assert.Equal(new long[] { 2, 3 }, h[2..4].ToArray<long>());
        Assert.Equal(new long[] { 4, 5 }, h[^2..].ToArray<long>());
        Assert.Equal(5L, h[^1].Item<long>());
        Assert.Equal(5L, h[-1].Item<long>());
        Assert.Empty(h[4..2].ToArray<long>());
        Assert.Equal(new long[] { 1, 3, 5 }, h[TensorIndex.Slice(1, null, 2)].ToArray<long>());
    }

    [Fact]
    public void Ellipsis_and_new_axis()
    {
        var m = M();
        Assert.Equal(new long[] { 1, 4, 7, 10 }, m[TensorIndex.Ellipsis, 0].ToArray<long>());
        Assert.Equal([2, 2], m[TensorIndex.Ellipsis, 0].Shape.ToArray());
        Assert.Equal([1, 2, 2, 3], m[TensorIndex.NewAxis].Shape.ToArray());
        Assert.Equal([2, 1, 2, 3], m[.., TensorIndex.NewAxis].Shape.ToArray());
    }

    [Fact]
    public void Indexing_returns_views_and_assignment_writes_into_the_base()
    {
        var m = Tensor.Zeros(3, 4);
        m[.., 1] = Tensor.Ones(3);
        m[0] = Tensor.FromArray(new float[] { 5, 6, 7, 8 });
        m[2, 3] = Tensor.Scalar(9.0);
        var view = m[1..];
        view.FillInPlace(-1);
        Assert.Equal(new float[] { 5, 6, 7, 8, -1, -1, -1, -1, -1, -1, -1, -1 }, m.ToArray<float>());
        Assert.False(m[.., 1].IsContiguous);
    }

    [Fact]
    public void Out_of_range_indices_name_the_dim_and_size()
    {
        var m = M();
        var e = Assert.Throws<IndexOutOfRangeException>(() => m[2]);
        Assert.Contains("size 2", e.Message, StringComparison.Ordinal);
        Assert.Throws<IndexOutOfRangeException>(() => m[.., 0, 3]);
        Assert.Throws<TensorShapeException>(() => m[0, 0, 0, 0]);
        Assert.Throws<ArgumentException>(() => m[TensorIndex.Ellipsis, TensorIndex.Ellipsis]);
    }
}

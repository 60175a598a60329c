namespace AutoDiffGen.Tests.Formatting;

// Expected strings are what PyTorch 2.x prints for the same tensors (torch/_tensor_str.py, default print options).
public class TensorFormatTests
{
    [Fact]
    public void Ones_2x2_prints_integer_valued_floats_with_a_point()
    {
        Assert.Equal("tensor([[1., 1.],\n        [1., 1.]])", Tensor.Ones(2, 2).ToString());
    }

    [Fact]
    public void Integers_are_right_aligned_to_a_common_width()
    {
        Assert.Equal("tensor([13,  4])", Tensor.FromArray(new long[] { 13, 4 }).ToString());
        Assert.Equal("tensor([10, 20, 30, 40, 50, 60, 70, 80, 90])", Tensor.Arange(10, 100, 10).ToString());
        Assert.Equal("tensor([-3,  0, 12], dtype=torch.int32)", Tensor.FromArray(new[] { -3, 0, 12 }).ToString());
    }

    [Fact]
    public void Scalars_print_without_brackets()
    {
        Assert.Equal("tensor(7)", Tensor.Scalar(7).ToString());
        Assert.Equal("tensor(3.5000)", Tensor.Scalar(3.5).ToString());
        Assert.Equal("tensor(2.)", Tensor.Scalar(2.0).ToString());
        Assert.Equal("tensor(True)", Tensor.Scalar(true).ToString());
    }

    [Fact]
    public void Fractional_floats_use_four_decimals()
    {
        Assert.Equal("tensor([0.6952, 0.3446])", Tensor.FromArray(new[] { 0.6952f, 0.3446f }).ToString());
        Assert.Equal("tensor([ 1.5000, -2.2500])", Tensor.FromArray(new[] { 1.5f, -2.25f }).ToString());
        Assert.Equal("tensor([-0.6667,  4.6667])", Tensor.FromArray(new[] { -2f / 3, 14f / 3 }).ToString());
    }

    [Fact]
    public void Dtype_suffix_only_for_non_default_types()
    {
        Assert.Equal("tensor([0., 0.], dtype=torch.float64)", Tensor.Zeros([2], DType.Float64).ToString());
        Assert.Equal("tensor([ True, False])", Tensor.FromArray(new[] { true, false }).ToString());
        Assert.Equal("tensor([1.5000, 2.5000], dtype=torch.float64)", Tensor.FromArray(new[] { 1.5, 2.5 }).ToString());
    }

    [Fact]
    public void Scientific_notation_for_wide_ranges()
    {
        Assert.Equal("tensor([1.0000e+10, 1.0000e+00])", Tensor.FromArray(new[] { 1e10f, 1f }).ToString());
        Assert.Equal("tensor([1.0000e-05, 1.0000e+00])", Tensor.FromArray(new[] { 1e-5f, 1f }).ToString());
        Assert.Equal("tensor([ 1.2346e+09, -1.0000e+00])", Tensor.FromArray(new[] { 1234567890.0, -1.0 }).ToString(TensorPrintOptions.Default).Replace(", dtype=torch.float64", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void Nan_inf_and_negative_zero()
    {
        Assert.Equal("tensor([nan, inf, -inf, 1.])", Tensor.FromArray(new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1f }).ToString());
        Assert.Equal("tensor([-0., 1.])", Tensor.FromArray(new[] { -0f, 1f }).ToString());
        Assert.Equal("tensor([   nan, 1.5000])", Tensor.FromArray(new[] { float.NaN, 1.5f }).ToString());
    }

    [Fact]
    public void Large_tensors_are_summarised()
    {
        Assert.Equal("tensor([   0,    1,    2,  ..., 1997, 1998, 1999])", Tensor.Arange(2000).ToString());
        var big = Tensor.Arange(2000).View(40, 50);
        Assert.Equal(
            "tensor([[   0,    1,    2,  ...,   47,   48,   49],\n" +
            "        [  50,   51,   52,  ...,   97,   98,   99],\n" +
            "        [ 100,  101,  102,  ...,  147,  148,  149],\n" +
            "        ...,\n" +
            "        [1850, 1851, 1852,  ..., 1897, 1898, 1899],\n" +
            "        [1900, 1901, 1902,  ..., 1947, 1948, 1949],\n" +
            "        [1950, 1951, 1952,  ..., 1997, 1998, 1999]])",
            big.ToString());
    }

    [Fact]
    public void Three_dimensional_tensors_leave_a_blank_line_between_matrices()
    {
        Assert.Equal(
            "tensor([[[0, 1],\n         [2, 3]],\n\n        [[4, 5],\n         [6, 7]]])",
            Tensor.Arange(8).View(2, 2, 2).ToString());
    }

    [Fact]
    public void Long_rows_wrap_at_the_line_width()
    {
        Assert.Equal(
            "tensor([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16, 17,\n" +
            "        18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29])",
            Tensor.Arange(30).ToString());
    }

    [Fact]
    public void Empty_and_zero_size_tensors()
    {
        Assert.Equal("tensor([])", Tensor.Zeros(0).ToString());
        Assert.Equal("tensor([], size=(2, 0))", Tensor.Zeros(2, 0).ToString());
        Assert.Equal("tensor([], dtype=torch.int64)", Tensor.Arange(0).ToString());
    }

    [Fact]
    public void Views_print_in_logical_order()
    {
        var m = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal("tensor([[1., 4.],\n        [2., 5.],\n        [3., 6.]])", m.T.ToString());
        Assert.Equal("tensor([2., 5.])", m[.., 1].ToString());
    }

    [Fact]
    public void Print_options_change_precision()
    {
        var x = Tensor.FromArray(new[] { 1f / 3 });
        Assert.Equal("tensor([0.33])", x.ToString(new TensorPrintOptions(Precision: 2)));
        Assert.Equal("tensor([3.3333e-01])", x.ToString(new TensorPrintOptions(SciMode: true)));
    }
}

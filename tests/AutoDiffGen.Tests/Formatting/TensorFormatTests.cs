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
        Assert.Equal("tensor([ 1.2346e+09, -1.0000e+00], dtype=torch.float64)", Tensor.FromArray(new[] { 1234567890.0, -1.0 }).ToString());
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

    [Fact]
    public void Int64_beyond_double_precision_prints_exactly()
    {
        Assert.Equal("tensor([9007199254740993,               -1])", Tensor.FromArray(new[] { 9007199254740993L, -1L }).ToString());
        Assert.Equal("tensor([-2147483648,           7], dtype=torch.int32)", Tensor.FromArray(new[] { int.MinValue, 7 }).ToString());
    }

    [Fact]
    public void Width_comes_from_nonzero_finite_values_only()
    {
        // PyTorch measures the width on nonzero finite values, so -0.0000 and nan may stick out; that is kept.
        Assert.Equal("tensor([-0.0000, 0.5000])", Tensor.FromArray(new[] { -0f, 0.5f }).ToString());
        Assert.Equal("tensor([nan, 0.])", Tensor.FromArray(new[] { float.NaN, 0f }).ToString());
        Assert.Equal("tensor([0., 0.])", Tensor.Zeros(2).ToString());
        Assert.Equal("tensor([100000., 200000.])", Tensor.FromArray(new[] { 100000f, 200000f }).ToString());
    }

    [Fact]
    public void Scientific_notation_details()
    {
        // Zero joins the scientific format; three-digit exponents widen every element.
        Assert.Equal("tensor([ 1.0000e-05,  0.0000e+00, -2.5000e+00])", Tensor.FromArray(new[] { 1e-5f, 0f, -2.5f }).ToString());
        Assert.Equal("tensor([1.0000e-300,  1.0000e+00], dtype=torch.float64)", Tensor.FromArray(new[] { 1e-300, 1.0 }).ToString());
    }

    [Fact]
    public void Forced_sci_mode_keeps_the_width_measured_in_the_automatic_mode()
    {
        Assert.Equal("tensor([1.0000e+00, 2.0000e+00])", Tensor.FromArray(new[] { 1f, 2f }).ToString(new TensorPrintOptions(SciMode: true)));
        Assert.Equal("tensor([10000000000.,         1.])", Tensor.FromArray(new[] { 1e10f, 1f }).ToString(new TensorPrintOptions(SciMode: false)));
    }

    [Fact]
    public void Dtype_suffix_wraps_past_the_line_width()
    {
        var x = Tensor.Full([9], 0.5, DType.Float64);
        Assert.Equal(
            "tensor([0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000, 0.5000],\n       dtype=torch.float64)",
            x.ToString());
        var m = Tensor.FromArray(new[,] { { 1.5, 2.5, 3.5 }, { 4.5, 5.5, 6.5 } });
        Assert.Equal("tensor([[1.5000, 2.5000, 3.5000],\n        [4.5000, 5.5000, 6.5000]], dtype=torch.float64)", m.ToString());
    }

    [Fact]
    public void Rows_wrap_before_the_dtype_suffix()
    {
        var x = Tensor.FromArray(Enumerable.Range(0, 12).Select(i => i + 0.5).ToArray());
        Assert.Equal(
            "tensor([ 0.5000,  1.5000,  2.5000,  3.5000,  4.5000,  5.5000,  6.5000,  7.5000,\n" +
            "         8.5000,  9.5000, 10.5000, 11.5000], dtype=torch.float64)",
            x.ToString());
    }

    [Fact]
    public void Summarised_three_dimensional_tensor_with_custom_options()
    {
        var options = new TensorPrintOptions(Threshold: 10, EdgeItems: 1);
        Assert.Equal(
            "tensor([[[ 0,  ...,  4],\n" +
            "         ...,\n" +
            "         [15,  ..., 19]],\n" +
            "\n" +
            "        ...,\n" +
            "\n" +
            "        [[40,  ..., 44],\n" +
            "         ...,\n" +
            "         [55,  ..., 59]]])",
            Tensor.Arange(60).View(3, 4, 5).ToString(options));
        Assert.Equal("tensor([0,  ..., 9])", Tensor.Arange(10).ToString(new TensorPrintOptions(Threshold: 5, EdgeItems: 1)));
    }

    [Fact]
    public void Empty_tensors_show_size_and_non_float32_dtype()
    {
        Assert.Equal("tensor([], size=(0, 3), dtype=torch.bool)", Tensor.Zeros([0, 3], DType.Bool).ToString());
        Assert.Equal("tensor([], size=(2, 0, 3))", Tensor.Zeros(2, 0, 3).ToString());
    }

    [Fact]
    public void Expanded_views_repeat_their_rows()
    {
        var x = Tensor.FromArray(new[] { 1f, 2f }).Expand(3, 2);
        Assert.Equal("tensor([[1., 2.],\n        [1., 2.],\n        [1., 2.]])", x.ToString());
    }

    [Fact]
    public void Negative_precision_or_edge_items_are_rejected()
    {
        var x = Tensor.Ones(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.ToString(new TensorPrintOptions(Precision: -1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.ToString(new TensorPrintOptions(EdgeItems: -1)));
    }
}

namespace AutoDiffGen.Tests.Gradients;

/// <summary>
/// Ties and kinks, where finite differences say nothing: the values PyTorch documents for its subgradients
/// (max/amax split evenly among ties, max(dim) to the returned index, clamp passes at the bounds, maximum halves a
/// tie, the norm's gradient at 0 is 0), and the dtype of a cast's gradient.
/// </summary>
public class OpSubgradientTests
{
    private static Tensor T(params double[] values) => Tensor.FromArray(values);

    private static void Equal(double[] expected, Tensor actual) => Assert.Equal(expected, actual.ToArray<double>());

    /// <summary>
    /// The gradient of f at x, once its value is checked to be f's own (within the fused-sum tolerance: these
    /// methods end in a fused Sum()).
    /// </summary>
    private static Tensor Checked(Func<Tensor, Tensor> f, Tensor x, Func<Tensor, (Tensor Value, Tensor Gradient)> withGradient)
    {
        var (value, gradient) = withGradient(x);
        SameValue.Fused(f(x), value);
        return gradient;
    }

    [Fact]
    public void Whole_tensor_Max_and_Min_split_the_gradient_evenly_among_ties()
    {
        // torch.tensor([1., 3., 3., 2.]).max() backward: [0, .5, .5, 0] (times the 3 of the method).
        Equal([0, 1.5, 1.5, 0], Checked(OpFunctions.Max, T(1, 3, 3, 2), OpFunctions.MaxWithGradient));
        Equal([2.0 / 3, 0, 2.0 / 3, 2.0 / 3], Checked(OpFunctions.Min, T(-1, 0, -1, -1), OpFunctions.MinWithGradient));
    }

    [Fact]
    public void Max_along_a_dim_sends_the_gradient_to_the_returned_index_only()
    {
        var x = Tensor.FromArray(new double[,] { { 1, 3, 3 }, { 5, 5, 0 } });
        var w = T(2, 7);
        var gradient = Checked(t => OpFunctions.MaxDim(t, w), x, t => OpFunctions.MaxDimWithGradient(t, w)).ToArray<double>();
        var indices = x.Max(1).Indices.ToArray<long>();
        for (var row = 0; row < 2; row++)
        {
            for (var column = 0; column < 3; column++)
            {
                Assert.Equal(column == indices[row] ? w[row].Item<double>() : 0, gradient[(row * 3) + column]);
            }
        }
    }

    [Fact]
    public void Clamp_passes_the_gradient_at_its_bounds_and_stops_it_outside()
    {
        // clamp_backward: grad * (x >= min & x <= max). Bounds -0.3 and 0.4.
        var x = T(-0.3, 0.4, 0.5, -0.5, 0);
        Equal([1, 1, 0, 0, 1], Checked(t => OpFunctions.Clamp(t, Tensor.OnesLike(x)), x, t => OpFunctions.ClampWithGradient(t, Tensor.OnesLike(x))));
    }

    [Fact]
    public void Maximum_and_Minimum_give_half_to_each_side_of_a_tie()
    {
        var ones = Tensor.Ones([2], DType.Float64);
        var (value, (ga, gb)) = OpFunctions.MaximumWithGradient(T(1, 2), T(1, 3), ones);
        SameValue.Fused(OpFunctions.Maximum(T(1, 2), T(1, 3), ones), value);
        Equal([0.5, 0], ga);
        Equal([0.5, 1], gb);
        (value, (ga, gb)) = OpFunctions.MinimumWithGradient(T(1, 2), T(1, 3), ones);
        SameValue.Fused(OpFunctions.Minimum(T(1, 2), T(1, 3), ones), value);
        Equal([0.5, 1], ga);
        Equal([0.5, 0], gb);
    }

    [Fact]
    public void The_norm_of_zero_has_gradient_zero_not_NaN()
    {
        var zero = Tensor.Zeros([3], DType.Float64);
        Equal([0, 0, 0], Checked(OpFunctions.Norm, zero, OpFunctions.NormWithGradient));
        Equal([0, 0, 0], Checked(t => OpFunctions.NormP(t, 3), zero, t => OpFunctions.NormPWithGradient(t, 3)));
        Equal([0, 0, 0], Checked(t => OpFunctions.NormP(t, 1.5), zero, t => OpFunctions.NormPWithGradient(t, 1.5)));

        // The ∞-norm's gradient is shared by the elements of largest magnitude, with their sign.
        Equal([-0.5, 0, 0.5], Checked(t => OpFunctions.NormP(t, double.PositiveInfinity), T(-2, 1, 2), t => OpFunctions.NormPWithGradient(t, double.PositiveInfinity)));
    }

    [Fact]
    public void A_cast_passes_the_gradient_back_in_the_input_dtype()
    {
        var x = Tensor.FromArray(new float[] { 1, 2, 3 });
        var w = T(0.5, -1, 0.25);
        var gradient = Checked(t => OpFunctions.ToFloat64(t, w), x, t => OpFunctions.ToFloat64WithGradient(t, w));
        Assert.Equal(DType.Float32, gradient.DType);
        Assert.Equal(new float[] { 0.5f, -1, 0.25f }, gradient.ToArray<float>());
    }
}

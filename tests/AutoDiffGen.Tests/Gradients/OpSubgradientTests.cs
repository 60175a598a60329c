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

    [Fact]
    public void Whole_tensor_Max_and_Min_split_the_gradient_evenly_among_ties()
    {
        // torch.tensor([1., 3., 3., 2.]).max() backward: [0, .5, .5, 0] (times the 3 of the method).
        Equal([0, 1.5, 1.5, 0], OpFunctions.MaxWithGradient(T(1, 3, 3, 2)).Gradient);
        Equal([2.0 / 3, 0, 2.0 / 3, 2.0 / 3], OpFunctions.MinWithGradient(T(-1, 0, -1, -1)).Gradient);
    }

    [Fact]
    public void Max_along_a_dim_sends_the_gradient_to_the_returned_index_only()
    {
        var x = Tensor.FromArray(new double[,] { { 1, 3, 3 }, { 5, 5, 0 } });
        var w = T(2, 7);
        var gradient = OpFunctions.MaxDimWithGradient(x, w).Gradient.ToArray<double>();
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
        Equal([1, 1, 0, 0, 1], OpFunctions.ClampWithGradient(x, Tensor.OnesLike(x)).Gradient);
    }

    [Fact]
    public void Maximum_and_Minimum_give_half_to_each_side_of_a_tie()
    {
        var ones = Tensor.Ones([2], DType.Float64);
        var (_, (ga, gb)) = OpFunctions.MaximumWithGradient(T(1, 2), T(1, 3), ones);
        Equal([0.5, 0], ga);
        Equal([0.5, 1], gb);
        (_, (ga, gb)) = OpFunctions.MinimumWithGradient(T(1, 2), T(1, 3), ones);
        Equal([0.5, 1], ga);
        Equal([0.5, 0], gb);
    }

    [Fact]
    public void The_norm_of_zero_has_gradient_zero_not_NaN()
    {
        var zero = Tensor.Zeros([3], DType.Float64);
        Equal([0, 0, 0], OpFunctions.NormWithGradient(zero).Gradient);
        Equal([0, 0, 0], OpFunctions.NormPWithGradient(zero, 3).Gradient);
        Equal([0, 0, 0], OpFunctions.NormPWithGradient(zero, 1.5).Gradient);

        // The ∞-norm's gradient is shared by the elements of largest magnitude, with their sign.
        Equal([-0.5, 0, 0.5], OpFunctions.NormPWithGradient(T(-2, 1, 2), double.PositiveInfinity).Gradient);
    }

    [Fact]
    public void A_cast_passes_the_gradient_back_in_the_input_dtype()
    {
        var x = Tensor.FromArray(new float[] { 1, 2, 3 });
        var w = T(0.5, -1, 0.25);
        var gradient = OpFunctions.ToFloat64WithGradient(x, w).Gradient;
        Assert.Equal(DType.Float32, gradient.DType);
        Assert.Equal(new float[] { 0.5f, -1, 0.25f }, gradient.ToArray<float>());
    }
}

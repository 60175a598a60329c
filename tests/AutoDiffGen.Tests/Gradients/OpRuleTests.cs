using static AutoDiffGen.Tests.Gradients.OpFiniteDifference;

namespace AutoDiffGen.Tests.Gradients;

/// <summary>
/// The rules of the README's tensor ops that had none, each through a [Differentiable] method, against central finite
/// differences (several shapes, broadcasting included). Ties and kinks are in OpSubgradientTests.
/// </summary>
public class OpRuleTests
{
    private static readonly System.Random _rng = new(15);

    [Theory]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 3, 4 })]
    [InlineData(new[] { 2, 3, 2 })]
    public void Clamp_with_both_bounds_one_bound_or_the_other(int[] shape)
    {
        var x = Random(_rng, shape);
        var w = Random(_rng, shape);
        Check(t => OpFunctions.Clamp(t, w), x, OpFunctions.ClampWithGradient(x, w));
        Check(t => OpFunctions.ClampMin(t, w), x, OpFunctions.ClampMinWithGradient(x, w));
        Check(t => OpFunctions.ClampMax(t, w), x, OpFunctions.ClampMaxWithGradient(x, w));
    }

    [Theory]
    [InlineData(new[] { 3, 4 }, new[] { 3, 4 })]
    [InlineData(new[] { 3, 4 }, new[] { 4 })]
    [InlineData(new[] { 3, 1 }, new[] { 1, 4 })]
    public void Maximum_and_Minimum_with_broadcasting(int[] aShape, int[] bShape)
    {
        var a = Random(_rng, aShape);
        var b = Random(_rng, bShape);
        var w = Random(_rng, 3, 4);
        var (value, (ga, gb)) = OpFunctions.MaximumWithGradient(a, b, w);
        SameValue.Fused(OpFunctions.Maximum(a, b, w), value);
        Check(t => OpFunctions.Maximum(t, b, w), a, ga);
        Check(t => OpFunctions.Maximum(a, t, w), b, gb);
        (value, (ga, gb)) = OpFunctions.MinimumWithGradient(a, b, w);
        SameValue.Fused(OpFunctions.Minimum(a, b, w), value);
        Check(t => OpFunctions.Minimum(t, b, w), a, ga);
        Check(t => OpFunctions.Minimum(a, t, w), b, gb);
    }

    [Theory]
    [InlineData(new[] { 3, 4 }, new[] { 3, 4 }, new[] { 3, 4 })]
    [InlineData(new[] { 3, 1 }, new[] { 4 }, new[] { 3, 4 })]
    [InlineData(new[] { 4 }, new[] { 3, 4 }, new[] { 3, 1 })]
    public void Where_routes_by_the_mask_and_sums_broadcast_dims_back(int[] xShape, int[] yShape, int[] maskShape)
    {
        var x = Random(_rng, xShape);
        var y = Random(_rng, yShape);
        var mask = Random(_rng, maskShape).Gt(0.0);
        var w = Random(_rng, 3, 4);
        var (value, (gx, gy)) = OpFunctions.WhereWithGradient(x, y, mask, w);
        SameValue.Fused(OpFunctions.Where(x, y, mask, w), value);
        Check(t => OpFunctions.Where(t, y, mask, w), x, gx);
        Check(t => OpFunctions.Where(x, t, mask, w), y, gy);

        (value, (var sx, var sy)) = OpFunctions.WhereOnSignWithGradient(x, y);
        SameValue.Bits(OpFunctions.WhereOnSign(x, y), value);
        Check(t => OpFunctions.WhereOnSign(t, y), x, sx);
        Check(t => OpFunctions.WhereOnSign(x, t), y, sy);
    }

    [Theory]
    [InlineData(new[] { 9 })]
    [InlineData(new[] { 3, 5 })]
    public void Whole_tensor_Max_and_Min(int[] shape)
    {
        var x = Random(_rng, shape);
        Check(OpFunctions.Max, x, OpFunctions.MaxWithGradient(x));
        Check(OpFunctions.Min, x, OpFunctions.MinWithGradient(x));
    }

    [Fact]
    public void Max_and_Min_along_a_dim_read_through_Values_and_Item1()
    {
        var x = Random(_rng, 3, 5);
        var w = Random(_rng, 3);
        Check(t => OpFunctions.MaxDim(t, w), x, OpFunctions.MaxDimWithGradient(x, w));
        Check(t => OpFunctions.MaxDimItem1(t, w), x, OpFunctions.MaxDimItem1WithGradient(x, w));
        var k = Random(_rng, 1, 5);
        Check(t => OpFunctions.MinDimKeep(t, k), x, OpFunctions.MinDimKeepWithGradient(x, k));
        var x3 = Random(_rng, 2, 4, 3);
        var w3 = Random(_rng, 2, 3);
        Check(t => OpFunctions.MaxDim(t, w3), x3, OpFunctions.MaxDimWithGradient(x3, w3));
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    [InlineData(1.5)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Norm_and_Dist_for_every_p(double p)
    {
        var x = Random(_rng, 3, 4);
        Check(OpFunctions.Norm, x, OpFunctions.NormWithGradient(x));
        Check(t => OpFunctions.NormP(t, p), x, OpFunctions.NormPWithGradient(x, p));
        var b = Random(_rng, 4);
        var (value, (ga, gb)) = OpFunctions.DistWithGradient(x, b, p);
        SameValue.Bits(OpFunctions.Dist(x, b, p), value);
        Check(t => OpFunctions.Dist(t, b, p), x, ga);
        Check(t => OpFunctions.Dist(x, t, p), b, gb);
    }

    [Fact]
    public void Dot_and_Inverse()
    {
        var a = Random(_rng, 5);
        var b = Random(_rng, 5);
        var (value, (ga, gb)) = OpFunctions.DotWithGradient(a, b);
        SameValue.Bits(OpFunctions.Dot(a, b), value);
        Check(t => OpFunctions.Dot(t, b), a, ga);
        Check(t => OpFunctions.Dot(a, t), b, gb);

        // Well conditioned: the identity plus a small random matrix, single and batched.
        foreach (var shape in new[] { new[] { 3, 3 }, new[] { 2, 3, 3 } })
        {
            var m = Tensor.Eye(3, dtype: DType.Float64) + (Random(_rng, shape) * 0.3);
            var w = Random(_rng, shape);
            Check(t => OpFunctions.Inverse(t, w), m, OpFunctions.InverseWithGradient(m, w));
        }
    }

    [Fact]
    public void Views_Expand_Squeeze_Permute_Narrow_Select()
    {
        var x = Random(_rng, 3, 1);
        var w = Random(_rng, 2, 3, 4);
        Check(t => OpFunctions.Expand(t, w), x, OpFunctions.ExpandWithGradient(x, w));
        var row = Random(_rng, 4);
        Check(t => OpFunctions.ExpandAs(t, w), row, OpFunctions.ExpandAsWithGradient(row, w));

        var s = Random(_rng, 1, 3, 1);
        var w3 = Random(_rng, 3);
        Check(t => OpFunctions.Squeeze(t, w3), s, OpFunctions.SqueezeWithGradient(s, w3));
        var w13 = Random(_rng, 1, 3);
        Check(t => OpFunctions.SqueezeDim(t, w13), s, OpFunctions.SqueezeDimWithGradient(s, w13));

        var p = Random(_rng, 2, 3, 4);
        var wp = Random(_rng, 4, 2, 3);
        Check(t => OpFunctions.Permute(t, wp), p, OpFunctions.PermuteWithGradient(p, wp));

        var n = Random(_rng, 3, 4);
        var wn = Random(_rng, 3, 2);
        Check(t => OpFunctions.Narrow(t, wn), n, OpFunctions.NarrowWithGradient(n, wn));
        var ws = Random(_rng, 3);
        Check(t => OpFunctions.Select(t, ws), n, OpFunctions.SelectWithGradient(n, ws));
    }

    [Fact]
    public void Copies_Contiguous_Clone_To_device_Chunk_and_Split()
    {
        var x = Random(_rng, 3, 4);
        var wt = Random(_rng, 4, 3);
        var w = Random(_rng, 3, 4);
        Check(t => OpFunctions.Contiguous(t, wt), x, OpFunctions.ContiguousWithGradient(x, wt));
        Check(t => OpFunctions.Clone(t, w), x, OpFunctions.CloneWithGradient(x, w));
        Check(t => OpFunctions.ToCpu(t, w), x, OpFunctions.ToCpuWithGradient(x, w));

        var c = Random(_rng, 2, 7);
        var wc = Random(_rng, 2, 3);
        Check(t => OpFunctions.Chunk(t, wc), c, OpFunctions.ChunkWithGradient(c, wc));
        var sp = Random(_rng, 5, 4);
        var w2 = Random(_rng, 2, 4);
        Check(t => OpFunctions.Split(t, w2), sp, OpFunctions.SplitWithGradient(sp, w2));
        var w53 = Random(_rng, 5, 3);
        Check(t => OpFunctions.SplitSizes(t, w53), sp, OpFunctions.SplitSizesWithGradient(sp, w53));
    }

    [Fact]
    public void Item_passes_the_gradient_of_a_number_read_from_a_tensor()
    {
        var x = Random(_rng, 2, 3);
        var (value, gradient) = OpFunctions.ItemWithGradient(x);
        SameValue.Fused(OpFunctions.Item(x), value);
        Same(Numeric(OpFunctions.Item, x), gradient);
    }

    [Fact]
    public void Creation_from_a_tensor_shape_is_a_constant()
    {
        var x = Random(_rng, 3, 4);
        Check(OpFunctions.ZerosLike, x, OpFunctions.ZerosLikeWithGradient(x));
        Check(OpFunctions.OnesLike, x, OpFunctions.OnesLikeWithGradient(x));
        Check(OpFunctions.EmptyAndRandLike, x, OpFunctions.EmptyAndRandLikeWithGradient(x));

        // FullLike's fill value is differentiable: d/dv Σ v·x = Σ x.
        var (value, (gx, gv)) = OpFunctions.FullLikeWithGradient(x, 0.7);
        SameValue.Fused(OpFunctions.FullLike(x, 0.7), value);
        Check(t => OpFunctions.FullLike(t, 0.7), x, gx);
        Assert.Equal(x.Sum().Item<double>(), gv, 12);
    }

    [Fact]
    public void Named_arithmetic_reductions_over_dims_and_array_lists()
    {
        var a = Random(_rng, 3, 4);
        var b = Random(_rng, 4);
        var (value, (ga, gb, galpha)) = OpFunctions.NamedArithmeticWithGradient(a, b, 0.7);
        SameValue.Bits(OpFunctions.NamedArithmetic(a, b, 0.7), value);
        Check(t => OpFunctions.NamedArithmetic(t, b, 0.7), a, ga);
        Check(t => OpFunctions.NamedArithmetic(a, t, 0.7), b, gb);
        var h = 1e-6;
        Assert.Equal((OpFunctions.NamedArithmetic(a, b, 0.7 + h).Item<double>() - OpFunctions.NamedArithmetic(a, b, 0.7 - h).Item<double>()) / (2 * h), galpha, 6);

        var x = Random(_rng, 2, 3, 4);
        var w = Random(_rng, 3);
        Check(t => OpFunctions.SumMeanDims(t, w), x, OpFunctions.SumMeanDimsWithGradient(x, w));

        var c = Random(_rng, 2, 3);
        var d = Random(_rng, 2, 3);
        (value, (var gc, var gd)) = OpFunctions.CatStackArraysWithGradient(c, d);
        SameValue.Fused(OpFunctions.CatStackArrays(c, d), value);
        Check(t => OpFunctions.CatStackArrays(t, d), c, gc);
        Check(t => OpFunctions.CatStackArrays(c, t), d, gd);
    }

    [Fact]
    public void Diagonal_Slice_Unbind_ViewAs_ReshapeAs_MT_and_SumToSize()
    {
        var x = Random(_rng, 3, 4);
        Check(t => OpFunctions.Diagonal(t, Random(new System.Random(1), 3)), x, OpFunctions.DiagonalWithGradient(x, Random(new System.Random(1), 3)));
        var ws = Random(_rng, 3, 2);
        Check(t => OpFunctions.Slice(t, ws), x, OpFunctions.SliceWithGradient(x, ws));
        var wu = Random(_rng, 3);
        Check(t => OpFunctions.Unbind(t, wu), x, OpFunctions.UnbindWithGradient(x, wu));
        var like = Random(_rng, 2, 6);
        var wm = Random(_rng, 6, 2);
        Check(t => OpFunctions.ViewReshapeAsMT(t, like, wm), x, OpFunctions.ViewReshapeAsMTWithGradient(x, like, wm));
        var wt = Random(_rng, 3, 1);
        Check(t => OpFunctions.SumToSize(t, wt), x, OpFunctions.SumToSizeWithGradient(x, wt));
    }

    [Fact]
    public void Creation_from_differentiable_numbers_Full_Scalar_Arange_Linspace()
    {
        double F(double v, double start, double step) => OpFunctions.Creation(v, start, step).Item<double>();
        var (v, start, step) = (0.8, -1.3, 0.7);
        var (value, (gv, gstart, gstep)) = OpFunctions.CreationWithGradient(v, start, step);
        SameValue.Fused(OpFunctions.Creation(v, start, step), value);
        var h = 1e-6;
        Assert.Equal((F(v + h, start, step) - F(v - h, start, step)) / (2 * h), gv, 6);
        Assert.Equal((F(v, start + h, step) - F(v, start - h, step)) / (2 * h), gstart, 6);
        Assert.Equal((F(v, start, step + h) - F(v, start, step - h)) / (2 * h), gstep, 6);
    }

    [Fact]
    public void A_detached_logical_mask_stops_nothing_else()
    {
        var x = Random(_rng, 3, 4);
        Check(OpFunctions.LogicalMask, x, OpFunctions.LogicalMaskWithGradient(x));
    }
}

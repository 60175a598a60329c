namespace AutoDiffGen.Tests.Fusion;

/// <summary>
/// Fused regions (one loop forward, one backward, on the CPU) give the same values and gradients as the op-by-op
/// path, over shapes that exercise broadcasting, one-element and 0-d operands, non-contiguous views, large tensors
/// (several chunks on several threads, with partial sums) and both float types.
/// </summary>
public class FusionTests
{
    public static TheoryData<DType, int[], int[]> Shapes => new()
    {
        { DType.Float64, [7], [7] },
        { DType.Float64, [4, 3], [3] },
        { DType.Float64, [4, 3], [] },
        { DType.Float64, [2, 1, 5], [3, 1] },
        { DType.Float32, [33], [33] },
        { DType.Float32, [6, 5], [6, 1] },
        { DType.Float32, [300, 700], [700] },
        { DType.Float64, [300, 700], [1] },
        { DType.Float64, [0, 3], [3] },
    };

    private static Tensor Random(int[] shape, DType dtype, Generator g) => Tensor.Randn(shape, dtype, g);

    private static void Close(Tensor expected, Tensor actual, DType dtype)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal(expected.DType, actual.DType);
        var tolerance = dtype == DType.Float32 ? 1e-4 : 1e-10;
        var e = expected.To(DType.Float64).Contiguous().ToArray<double>();
        var a = actual.To(DType.Float64).Contiguous().ToArray<double>();
        for (var i = 0; i < e.Length; i++)
        {
            Assert.True(Math.Abs(e[i] - a[i]) <= tolerance + (tolerance * Math.Abs(e[i])), $"element {i}: expected {e[i]}, got {a[i]}");
        }
    }

    private static void Close(double expected, double actual, DType dtype)
    {
        var tolerance = dtype == DType.Float32 ? 1e-3 : 1e-9;
        Assert.True(Math.Abs(expected - actual) <= tolerance * (1 + Math.Abs(expected)), $"expected {expected}, got {actual}");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Chain_matches_the_op_by_op_path(DType dtype, int[] xShape, int[] bShape)
    {
        var g = new Generator(11);
        var x = Random(xShape, dtype, g);
        var b = Random(bShape, dtype, g);
        var c = Random([.. bShape], dtype, g) + 1.5;
        var (fused, pullback) = FusedFunctions.ChainWithPullback(x, 0.7, b, c);
        var (plain, plainPullback) = FusedFunctions.ChainUnfusedWithPullback(x, 0.7, b, c);
        Close(plain, fused, dtype);
        var adjoint = Random(plain._shape, dtype, g);
        var (dx, da, db, dc) = pullback.Invoke(adjoint);
        var (ex, ea, eb, ec) = plainPullback.Invoke(adjoint);
        Close(ex, dx, dtype);
        Close(ea, da, dtype);
        Close(eb, db, dtype);
        Close(ec, dc, dtype);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Activations_match_the_op_by_op_path(DType dtype, int[] xShape, int[] yShape)
    {
        var g = new Generator(12);
        var x = Random(xShape, dtype, g);
        var y = Random(yShape, dtype, g);
        var (fused, pullback) = FusedFunctions.ActivationsWithPullback(x, y);
        var (plain, plainPullback) = FusedFunctions.ActivationsUnfusedWithPullback(x, y);
        Close(plain, fused, dtype);
        var adjoint = Random(plain._shape, dtype, g);
        var (dx, dy) = pullback.Invoke(adjoint);
        var (ex, ey) = plainPullback.Invoke(adjoint);
        Close(ex, dx, dtype);
        Close(ey, dy, dtype);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Powers_and_quotients_match_the_op_by_op_path(DType dtype, int[] xShape, int[] yShape)
    {
        var g = new Generator(13);
        var x = Random(xShape, dtype, g);
        var y = Random(yShape, dtype, g);
        var (fused, pullback) = FusedFunctions.PowersWithPullback(x, 1.7);
        var (plain, plainPullback) = FusedFunctions.PowersUnfusedWithPullback(x, 1.7);
        Close(plain, fused, dtype);
        var adjoint = Random(plain._shape, dtype, g);
        var (dx, dp) = pullback.Invoke(adjoint);
        var (ex, ep) = plainPullback.Invoke(adjoint);
        Close(ex, dx, dtype);
        Close(ep, dp, dtype);

        var (q, qPullback) = FusedFunctions.QuotientsWithPullback(x, y);
        var (pq, pqPullback) = FusedFunctions.QuotientsUnfusedWithPullback(x, y);
        Close(pq, q, dtype);
        var qAdjoint = Random(pq._shape, dtype, g);
        var (qx, qy) = qPullback.Invoke(qAdjoint);
        var (px, py) = pqPullback.Invoke(qAdjoint);
        Close(px, qx, dtype);
        Close(py, qy, dtype);
    }

    [Fact]
    public void Non_contiguous_and_integer_operands_are_read_correctly()
    {
        var g = new Generator(14);
        var x = Tensor.Randn([5, 4], DType.Float64, g).T;
        var y = Tensor.Arange(4).View(4, 1);
        var (fused, pullback) = FusedFunctions.QuotientsWithPullback(x, y);
        var (plain, plainPullback) = FusedFunctions.QuotientsUnfusedWithPullback(x, y);
        Close(plain, fused, DType.Float64);
        var adjoint = Tensor.OnesLike(plain);
        Close(plainPullback.Invoke(adjoint).Item1, pullback.Invoke(adjoint).Item1, DType.Float64);
    }

    [Fact]
    public void An_operand_expanded_from_one_value_gets_a_full_adjoint()
    {
        var g = new Generator(17);
        var x = Tensor.Randn([4, 5], DType.Float64, g);
        var b = Tensor.Full([1], 0.2, DType.Float64).Expand(4, 5);
        var c = Tensor.Randn([5], DType.Float64, g);
        var adjoint = Tensor.Randn([4, 5], DType.Float64, g);
        var fused = FusedFunctions.ChainWithPullback(x, 0.7, b, c).Pullback.Invoke(adjoint);
        var plain = FusedFunctions.ChainUnfusedWithPullback(x, 0.7, b, c).Pullback.Invoke(adjoint);
        Close(plain.Item3, fused.Item3, DType.Float64);
        Close(plain.Item4, fused.Item4, DType.Float64);
        Close(plain.Item1, fused.Item1, DType.Float64);
    }

    [Fact]
    public void A_region_that_ends_at_a_shared_value_gives_the_same_loss_and_gradient()
    {
        var g = new Generator(15);
        var w = Tensor.Randn([3, 4], DType.Float64, g);
        var x = Tensor.Randn([5, 3], DType.Float64, g);
        var (loss, dw) = FusedFunctions.SharedWithGradient(w, x);
        var (plainLoss, plainDw) = FusedFunctions.SharedUnfusedWithGradient(w, x);
        Close(plainLoss, loss, DType.Float64);
        Close(plainDw, dw, DType.Float64);
    }

    [Fact]
    public void Fused_results_are_deterministic_across_runs()
    {
        var g = new Generator(16);
        var x = Tensor.Randn([400, 500], DType.Float32, g);
        var c = Tensor.Randn([500], DType.Float32, g);
        var b = Tensor.Scalar(0.1);
        var adjoint = Tensor.Randn([400, 500], DType.Float32, g);
        var first = FusedFunctions.ChainWithPullback(x, 0.5, b, c).Pullback.Invoke(adjoint);
        for (var run = 0; run < 3; run++)
        {
            var again = FusedFunctions.ChainWithPullback(x, 0.5, b, c).Pullback.Invoke(adjoint);
            Assert.Equal(first.Item2, again.Item2);
            Assert.Equal(first.Item3.ToArray<float>(), again.Item3.ToArray<float>());
            Assert.Equal(first.Item4.ToArray<float>(), again.Item4.ToArray<float>());
        }
    }

    [Fact]
    public void A_region_of_many_chunks_claimed_in_runs_matches_the_op_by_op_path_and_is_deterministic()
    {
        // 600,000 elements: 37 chunks, which two or more workers claim two at a time.
        var g = new Generator(18);
        var x = Tensor.Randn([1000, 600], DType.Float32, g);
        var b = Tensor.Scalar(0.1);
        var c = Tensor.Scalar(-0.8);
        var adjoint = Tensor.Randn([1000, 600], DType.Float32, g);
        var (fused, pullback) = FusedFunctions.ChainWithPullback(x, 0.5, b, c);
        var (plain, plainPullback) = FusedFunctions.ChainUnfusedWithPullback(x, 0.5, b, c);
        Close(plain, fused, DType.Float32);
        var first = pullback.Invoke(adjoint);
        var expected = plainPullback.Invoke(adjoint);
        Close(expected.Item1, first.Item1, DType.Float32);
        Close(expected.Item2, first.Item2, DType.Float32);
        Close(expected.Item3.ScalarValue(), first.Item3.ScalarValue(), DType.Float32);
        Close(expected.Item4.ScalarValue(), first.Item4.ScalarValue(), DType.Float32);
        var again = FusedFunctions.ChainWithPullback(x, 0.5, b, c).Pullback.Invoke(adjoint);
        Assert.Equal(first.Item2, again.Item2);
        Assert.Equal(first.Item3.ScalarValue(), again.Item3.ScalarValue());
        Assert.Equal(first.Item4.ScalarValue(), again.Item4.ScalarValue());
    }
}

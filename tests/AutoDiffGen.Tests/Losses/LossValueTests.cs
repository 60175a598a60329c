using static AutoDiffGen.Tests.Losses.LossTestKit;

namespace AutoDiffGen.Tests.Losses;

/// <summary>Loss values against hand-computed numbers and independent double loops, for every reduction.</summary>
public class LossValueTests
{
    private static readonly Reduction[] _reductions = [Reduction.Mean, Reduction.Sum, Reduction.None];

    [Fact]
    public void Cross_entropy_matches_hand_computed_values()
    {
        // log(e¹ + e² + e³) − 3, as F.cross_entropy(tensor([[1., 2., 3.]]), tensor([2])) gives.
        var logits = Tensor.FromArray(new[] { 1.0, 2, 3 }, [1, 3]);
        Assert.Equal(0.40760596444438013, AutoDiffGen.Losses.CrossEntropy(logits, Tensor.FromArray(new[] { 2L }, [1])).Item<double>(), 14);

        // With label_smoothing=0.1: 0.9·nll + 0.1/3·Σ_c (lse − x_c).
        Assert.Equal(0.5076059644443801, AutoDiffGen.Losses.CrossEntropy(logits, Tensor.FromArray(new[] { 2L }, [1]), labelSmoothing: 0.1).Item<double>(), 14);

        // One sample: logits of shape [C] with a 0-d target; float32 stays float32.
        var single = AutoDiffGen.Losses.CrossEntropy(Tensor.FromArray(new[] { 1f, 2, 3 }, [3]), Tensor.Scalar(2L));
        Assert.Equal(DType.Float32, single.DType);
        Assert.Equal(0, single.Dim);
        Assert.Equal(0.40760596444438013, single.Item<float>(), 6);

        // Probability target equal to the one-hot row gives the same loss.
        Assert.Equal(0.40760596444438013, AutoDiffGen.Losses.CrossEntropy(logits, Tensor.FromArray(new[] { 0.0, 0, 1 }, [1, 3])).Item<double>(), 14);
    }

    [Fact]
    public void Cross_entropy_and_nll_match_references_for_every_reduction()
    {
        var rng = new System.Random(1);
        foreach (var reduction in _reductions)
        {
            foreach (var smoothing in new[] { 0.0, 0.2 })
            {
                var logits = Random(rng, 6, 5);
                var indices = Indices(rng, 6, 5);
                var probabilities = Probabilities(rng, 6, 5);
                foreach (var target in new[] { indices, probabilities })
                {
                    var expected = CrossEntropy(logits, target, smoothing);
                    var actual = AutoDiffGen.Losses.CrossEntropy(logits, target, reduction, smoothing);
                    AssertValues(reduction == Reduction.None ? expected : [Reduce(expected, reduction)], actual);

                    // The tensor-op path (used on OpenCL devices) agrees with the CPU row kernel.
                    var generic = AutoDiffGen.Losses.CrossEntropyFromTensors(logits, target, target.DType == DType.Int64, smoothing);
                    AssertValues(expected, generic);
                }

                var nll = AutoDiffGen.Losses.Nll(logits.LogSoftmax(1), indices, reduction);
                var reference = CrossEntropy(logits, indices, 0);
                AssertValues(reduction == Reduction.None ? reference : [Reduce(reference, reduction)], nll);
            }
        }
    }

    [Fact]
    public void Mse_and_l1_match_references_for_every_reduction()
    {
        var rng = new System.Random(2);
        foreach (var reduction in _reductions)
        {
            var input = Random(rng, 3, 4);
            var target = Random(rng, 3, 4);
            var x = input.ToArray<double>();
            var y = target.ToArray<double>();
            var squares = x.Select((v, i) => (v - y[i]) * (v - y[i])).ToArray();
            var absolutes = x.Select((v, i) => Math.Abs(v - y[i])).ToArray();
            var mse = AutoDiffGen.Losses.Mse(input, target, reduction);
            var l1 = AutoDiffGen.Losses.L1(input, target, reduction);
            AssertValues(reduction == Reduction.None ? squares : [Reduce(squares, reduction)], mse);
            AssertValues(reduction == Reduction.None ? absolutes : [Reduce(absolutes, reduction)], l1);
            Assert.Equal(reduction == Reduction.None ? [3, 4] : Array.Empty<int>(), mse.Shape.ToArray());
        }

        // Hand-computed: mean((1 − 0)², (2 − 4)²) = 2.5 and mean(1, 2) = 1.5; a float64 target is converted to float32.
        var a = Tensor.FromArray(new[] { 1f, 2 }, [2]);
        var b = Tensor.FromArray(new[] { 0.0, 4 }, [2]);
        Assert.Equal(2.5f, AutoDiffGen.Losses.Mse(a, b).Item<float>());
        Assert.Equal(1.5f, AutoDiffGen.Losses.L1(a, b).Item<float>());
    }

    [Fact]
    public void Binary_cross_entropy_with_logits_matches_references()
    {
        Assert.Equal(Math.Log(2), AutoDiffGen.Losses.BinaryCrossEntropyWithLogits(Tensor.Zeros([3], DType.Float64), Tensor.FromArray(new[] { 0.0, 1, 0.5 }, [3])).Item<double>(), 14);

        // pos_weight = 3, x = 2, y = 1: −3·log σ(2).
        var weighted = AutoDiffGen.Losses.BinaryCrossEntropyWithLogits(
            Tensor.FromArray(new[] { 2.0 }, [1]), Tensor.FromArray(new[] { 1.0 }, [1]), posWeight: Tensor.FromArray(new[] { 3.0 }, [1]));
        Assert.Equal(0.3807840331289179, weighted.Item<double>(), 14);

        var rng = new System.Random(3);
        foreach (var reduction in _reductions)
        {
            var logits = Random(rng, 4, 3);
            var target = Tensor.RandLike(logits);
            var posWeight = Tensor.FromArray(new[] { 0.5, 1, 2.5 }, [3]);
            foreach (var w in new[] { null, posWeight })
            {
                var expected = Bce(logits, target, w?.ToArray<double>());
                AssertValues(reduction == Reduction.None ? expected : [Reduce(expected, reduction)], AutoDiffGen.Losses.BinaryCrossEntropyWithLogits(logits, target, reduction, w), 1e-13);
            }

            var plain = Bce(logits, target, null);
            AssertValues(reduction == Reduction.None ? plain : [Reduce(plain, reduction)], AutoDiffGen.Losses.BinaryCrossEntropyWithLogits(logits, target, reduction), 1e-13);
        }
    }

    [Fact]
    public void Empty_batches_give_nan_mean_and_zero_sum_like_pytorch()
    {
        var logits = Tensor.Zeros([0, 4], DType.Float64);
        var target = Tensor.Zeros([0], DType.Int64);
        Assert.True(double.IsNaN(AutoDiffGen.Losses.CrossEntropy(logits, target).Item<double>()));
        Assert.Equal(0, AutoDiffGen.Losses.CrossEntropy(logits, target, Reduction.Sum).Item<double>());
        Assert.Equal([0], AutoDiffGen.Losses.CrossEntropy(logits, target, Reduction.None).Shape.ToArray());
    }
}

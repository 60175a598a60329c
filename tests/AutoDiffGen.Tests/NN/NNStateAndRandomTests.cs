using static AutoDiffGen.Tests.NN.NNReference;

namespace AutoDiffGen.Tests.NN;

/// <summary>BatchNorm's running statistics (PyTorch's update rule) and Dropout's determinism and keep rate.</summary>
public class NNStateAndRandomTests
{
    [Fact]
    public void Batch_norm_updates_running_stats_like_pytorch_with_the_unbiased_variance()
    {
        var rng = new System.Random(41);
        foreach (var shape in new[] { new[] { 6, 3 }, [2, 3, 5], [2, 3, 2, 3] })
        {
            foreach (var dtype in new[] { DType.Float64, DType.Float32 })
            {
                var x = (Random(rng, shape) * 2) + 3;
                var count = x.NumElements / 3;
                var rm = Tensor.Zeros([3], dtype);
                var rv = Tensor.Ones([3], dtype);
                var (mean, variance) = ChannelStats(x);
                var expectedMean = new double[3];
                var expectedVar = new double[3];
                Array.Fill(expectedVar, 1.0);
                foreach (var momentum in new[] { 0.1, 0.3 })
                {
                    Tensor.BatchNorm(x.To(dtype), rm, rv, training: true, momentum: momentum);
                    for (var c = 0; c < 3; c++)
                    {
                        // running_mean = (1 − m)·running_mean + m·mean; running_var uses var·n/(n − 1).
                        expectedMean[c] = ((1 - momentum) * expectedMean[c]) + (momentum * mean[c]);
                        expectedVar[c] = ((1 - momentum) * expectedVar[c]) + (momentum * variance[c] * count / (count - 1));
                    }

                    var tolerance = dtype == DType.Float64 ? 1e-12 : 1e-6;
                    AssertClose(expectedMean, rm, tolerance);
                    AssertClose(expectedVar, rv, tolerance);
                }

                // Evaluation mode reads the running statistics and leaves them alone.
                var before = rm.ToArray<double>();
                var y = Tensor.BatchNorm(x.To(dtype), rm, rv, training: false);
                Assert.Equal(before, rm.ToArray<double>());
                AssertClose(NNReference.BatchNorm(x, expectedMean, expectedVar, null, null, 1e-5), y, dtype == DType.Float64 ? 1e-12 : 1e-5);
            }
        }
    }

    [Fact]
    public void Batch_norm_in_training_without_running_stats_normalises_each_channel()
    {
        var x = (NNReference.Random(new System.Random(42), 16, 4) * 5) + 7;
        var y = Tensor.BatchNorm(x, null, null, training: true);
        var mean = y.Mean(0).ToArray<double>();
        var variance = (y * y).Mean(0).ToArray<double>();
        Assert.All(mean, m => Assert.True(Math.Abs(m) < 1e-12));
        Assert.All(variance, v => Assert.True(Math.Abs(v - 1) < 1e-5));
    }

    [Fact]
    public void Dropout_is_deterministic_for_a_seed_and_keeps_about_one_minus_p()
    {
        var x = Tensor.Ones([200, 500], DType.Float32);
        foreach (var p in new[] { 0.1, 0.5, 0.8 })
        {
            var a = Tensor.Dropout(x, p, true, new Generator(123)).ToArray<float>();
            var b = Tensor.Dropout(x, p, true, new Generator(123)).ToArray<float>();
            var c = Tensor.Dropout(x, p, true, new Generator(124)).ToArray<float>();
            Assert.Equal(a, b);
            Assert.NotEqual(a, c);

            // Kept elements are scaled by 1/(1 − p); the kept fraction is 1 − p within 5 standard deviations.
            var kept = a.Count(v => v != 0);
            Assert.All(a.Where(v => v != 0), v => Assert.Equal((float)(1 / (1 - p)), v));
            var sd = Math.Sqrt(x.NumElements * p * (1 - p));
            Assert.True(Math.Abs(kept - (x.NumElements * (1 - p))) < 5 * sd, $"p = {p}: kept {kept} of {x.NumElements}");
        }
    }

    [Fact]
    public void Dropout_follows_the_global_seed_and_is_identity_when_off()
    {
        var x = NNReference.Random(new System.Random(43), 10, 10);
        Tensor.ManualSeed(7);
        var a = Tensor.Dropout(x).ToArray<double>();
        Tensor.ManualSeed(7);
        var b = Tensor.Dropout(x).ToArray<double>();
        Assert.Equal(a, b);
        Assert.Same(x, Tensor.Dropout(x, 0.5, training: false));
        Assert.Same(x, Tensor.Dropout(x, 0));
        Assert.All(Tensor.Dropout(x, 1).ToArray<double>(), v => Assert.Equal(0, v));
    }
}

using AutoDiffGen.Tests.OpenCL;
using static AutoDiffGen.Tests.OpenCL.OpenCLTestKit;

namespace AutoDiffGen.Tests.Losses;

/// <summary>The losses and their generated gradients on an OpenCL device (PoCL in CI) equal the CPU's, in float32.</summary>
[Collection("OpenCL")]
public class LossOpenCLTests
{
    private static readonly Reduction[] _reductions = [Reduction.Mean, Reduction.Sum, Reduction.None];

    private static Tensor Classes(params long[] data) => Tensor.FromArray(data, [data.Length]);

    private static Tensor Probabilities(int rows, int classes) => Values(rows, classes).Softmax(1);

    [OpenCLFact]
    public void Cross_entropy_and_nll_forward_and_gradient_match_cpu()
    {
        var logits = Values(6, 5);
        var indices = Classes(0, 4, 2, 2, 1, 3);
        foreach (var reduction in _reductions)
        {
            foreach (var smoothing in new[] { 0.0, 0.1 })
            {
                foreach (var target in new[] { indices, Probabilities(6, 5) })
                {
                    Same(t => AutoDiffGen.Losses.CrossEntropy(t[0], t[1], reduction, smoothing), logits, target);
                    var weights = reduction == Reduction.None ? Values(6) : Tensor.Scalar(0.75);
                    Same(t => LossFunctions.CeWeightedWithGradient(t[0], t[1], reduction, smoothing, t[2]).Gradient, logits, target, weights);
                }
            }

            Same(t => AutoDiffGen.Losses.Nll(t[0].LogSoftmax(1), t[1], reduction), logits, indices);
            var w = reduction == Reduction.None ? Values(6) : Tensor.Scalar(1.5);
            Same(t => LossFunctions.NllOfLogSoftmaxWithGradient(t[0], t[1], reduction, t[2]).Gradient, logits, indices, w);
        }

        // One sample: [C] logits and a 0-d target.
        Same(t => AutoDiffGen.Losses.CrossEntropy(t[0], t[1]), Values(5), Tensor.Scalar(3L));
        Same(t => LossFunctions.CeWithGradient(t[0], t[1]).Gradient, Values(5), Tensor.Scalar(3L));
    }

    [OpenCLFact]
    public void Cross_entropy_is_stable_on_the_device()
    {
        var inf = float.NegativeInfinity;
        var logits = Tensor.FromArray(new[] { 1e4f, 0, -1e4f, -1e4f, 1e4f, 1e4f, 0, inf, 0, inf, 2, inf }, [4, 3]);
        var target = Classes(0, 2, 2, 1);
        Same(t => AutoDiffGen.Losses.CrossEntropy(t[0], t[1], Reduction.None), logits, target);
        Same(t => LossFunctions.CeWithGradient(t[0], t[1]).Gradient, logits, target);
        var onDevice = LossFunctions.CeWithGradient(logits.To(Dev), target.To(Dev));
        Assert.True(float.IsFinite(onDevice.Value.Item<float>()));
        Assert.True(onDevice.Gradient.ToArray<float>().All(float.IsFinite));
    }

    [OpenCLFact]
    public void Mse_l1_and_binary_cross_entropy_forward_and_gradient_match_cpu()
    {
        var input = Values(4, 3);
        var target = Values(3, 4).T.Contiguous() * 0.5;
        var probabilities = Values(4, 3).Sigmoid();
        var posWeight = Tensor.FromArray(new[] { 0.5f, 1, 3 }, [3]);
        foreach (var reduction in _reductions)
        {
            var weights = reduction == Reduction.None ? Values(4, 3) : Tensor.Scalar(1.25);
            Same(t => AutoDiffGen.Losses.Mse(t[0], t[1], reduction), input, target);
            Same(t => AutoDiffGen.Losses.L1(t[0], t[1], reduction), input, target);
            Same(t => AutoDiffGen.Losses.BinaryCrossEntropyWithLogits(t[0], t[1], reduction), input, probabilities);
            Same(t => AutoDiffGen.Losses.BinaryCrossEntropyWithLogits(t[0], t[1], reduction, t[2]), input, probabilities, posWeight);
            Same(t => LossFunctions.MseWeightedWithGradient(t[0], t[1], reduction, t[2]).Gradient.input, input, target, weights);
            Same(t => LossFunctions.MseWeightedWithGradient(t[0], t[1], reduction, t[2]).Gradient.target, input, target, weights);
            Same(t => LossFunctions.L1WeightedWithGradient(t[0], t[1], reduction, t[2]).Gradient.input, input, target, weights);
            Same(t => LossFunctions.BceWeightedWithGradient(t[0], t[1], reduction, t[2], t[3]).Gradient.logits, input, probabilities, posWeight, weights);
            Same(t => LossFunctions.BceWeightedWithGradient(t[0], t[1], reduction, t[2], t[3]).Gradient.target, input, probabilities, posWeight, weights);
        }

        Same(t => LossFunctions.BceWithGradient(t[0], t[1]).Gradient, input, probabilities);
    }

    [OpenCLFact]
    public void Mixing_devices_and_bad_indices_on_the_device_throw()
    {
        var e = Assert.Throws<TensorDeviceException>(() => AutoDiffGen.Losses.CrossEntropy(Values(3, 4).To(Dev), Classes(0, 1, 2)));
        Assert.Contains("cpu", e.Message);
        Assert.Contains("opencl:0", e.Message);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => AutoDiffGen.Losses.CrossEntropy(Values(3, 4).To(Dev), Classes(0, 9, 2).To(Dev)));
        Assert.Contains("target[1] = 9", range.Message);
    }
}

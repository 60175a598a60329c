using AutoDiffGen.Tests.OpenCL;
using static AutoDiffGen.Tests.OpenCL.OpenCLTestKit;

namespace AutoDiffGen.Tests.NN;

/// <summary>
/// The layer ops that compose from device ops (Linear, LayerNorm, BatchNorm, Embedding, tanh GELU, Dropout) give
/// the CPU's values and generated gradients on an OpenCL device (PoCL in CI), in float32; the CPU-only ones say so.
/// </summary>
[Collection("OpenCL")]
public class NNOpenCLTests
{
    [Fact]
    public void Linear_forward_and_gradients_match_cpu()
    {
        var (x, w, b, r) = (Values(5, 4), Values(3, 4) * 0.5, Values(3), Values(5, 3));
        Same(t => Tensor.Linear(t[0], t[1], t[2]), x, w, b);
        Same(t => Tensor.Linear(t[0], t[1]), Values(2, 3, 4), w);
        Same(t => NNFunctions.LinearWithGradient(t[0], t[1], t[2], t[3]).Gradient.x, x, w, b, r);
        Same(t => NNFunctions.LinearWithGradient(t[0], t[1], t[2], t[3]).Gradient.w, x, w, b, r);
        Same(t => NNFunctions.LinearWithGradient(t[0], t[1], t[2], t[3]).Gradient.b, x, w, b, r);
    }

    [Fact]
    public void Norms_forward_and_gradients_match_cpu()
    {
        var (x, w, b, r) = (Values(4, 6), Values(6), Values(6), Values(4, 6));
        Same(t => Tensor.LayerNorm(t[0], [6], t[1], t[2]), x, w, b);
        Same(t => NNFunctions.LayerNormWithGradient(t[0], t[1], t[2], [6], t[3]).Gradient.x, x, w, b, r);
        Same(t => NNFunctions.LayerNormWithGradient(t[0], t[1], t[2], [6], t[3]).Gradient.w, x, w, b, r);

        var (x4, c, r4) = (Values(2, 3, 2, 2), Values(3), Values(2, 3, 2, 2));
        var (rm, rv) = (Values(3), Values(3).Abs() + 0.5);
        foreach (var training in new[] { true, false })
        {
            Same(t => Tensor.BatchNorm(t[0], t[1].Clone(), t[2].Clone(), t[3], t[3], training), x4, rm, rv, c);
            Same(t => NNFunctions.BatchNormWithGradient(t[0], t[3], t[3], t[1], t[2], training, t[4]).Gradient.x, x4, rm, rv, c, r4);
            Same(t => NNFunctions.BatchNormWithGradient(t[0], t[3], t[3], t[1], t[2], training, t[4]).Gradient.w, x4, rm, rv, c, r4);
        }

        // The running statistics are updated on the device as on the CPU.
        Same(
            t =>
            {
                var runningVar = t[2].Clone();
                Tensor.BatchNorm(t[0], t[1].Clone(), runningVar, training: true);
                return runningVar;
            },
            x4,
            rm,
            rv);
    }

    [Fact]
    public void Embedding_gelu_and_dropout_match_cpu()
    {
        var weight = Values(6, 3);
        var indices = Tensor.FromArray(new long[] { 5, 0, 5, 2 }, [2, 2]);
        var r = Values(2, 2, 3);
        Same(t => Tensor.Embedding(t[0], t[1]), indices, weight);
        Same(t => NNFunctions.EmbeddingWithGradient(t[1], t[0], t[2]).Gradient, indices, weight, r);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Embedding(Tensor.FromArray(new long[] { 6 }, [1]).To(Dev), weight.To(Dev)));

        var x = Values(3, 5);
        var rx = Values(3, 5);
        Same(t => t[0].Gelu("tanh"), x);
        Same(t => NNFunctions.GeluWithGradient(t[0], "tanh", t[1]).Gradient, x, rx);
        Assert.Throws<TensorDeviceException>(() => x.To(Dev).Gelu());

        Same(t => Tensor.Dropout(t[0], 0.3, true, new Generator(9)), x);
        Same(t => NNFunctions.DropoutWithGradient(t[0], 0.3, true, new Generator(9), t[1]).Gradient, x, rx);
    }

    [Fact]
    public void Conv_and_pools_say_they_run_on_the_cpu_only()
    {
        var x = Values(1, 1, 4, 4).To(Dev);
        var e = Assert.Throws<TensorDeviceException>(() => Tensor.Conv2d(x, Values(1, 1, 3, 3).To(Dev)));
        Assert.Contains("CPU only", e.Message);
        Assert.Contains("To(Device.Cpu)", e.Message);
        Assert.Throws<TensorDeviceException>(() => Tensor.MaxPool2d(x, 2));
        Assert.Throws<TensorDeviceException>(() => Tensor.AvgPool2d(x, 2));
        Assert.Throws<TensorDeviceException>(() => Tensor.Conv2d(Values(1, 1, 4, 4), Values(1, 1, 3, 3).To(Dev)));
    }
}

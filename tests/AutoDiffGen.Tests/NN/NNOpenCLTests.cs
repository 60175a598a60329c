using AutoDiffGen.Tests.OpenCL;
using static AutoDiffGen.Tests.OpenCL.OpenCLTestKit;

namespace AutoDiffGen.Tests.NN;

/// <summary>
/// The layer ops that compose from device ops (Linear, LayerNorm, BatchNorm, Embedding, GELU, Dropout) give
/// the CPU's values and generated gradients on an OpenCL device (PoCL in CI), in float32, and so do Conv2d and the pools.
/// </summary>
[Collection("OpenCL")]
public class NNOpenCLTests
{
    [OpenCLFact]
    public void Linear_forward_and_gradients_match_cpu()
    {
        var (x, w, b, r) = (Values(5, 4), Values(3, 4) * 0.5, Values(3), Values(5, 3));
        Same(t => Tensor.Linear(t[0], t[1], t[2]), x, w, b);
        Same(t => Tensor.Linear(t[0], t[1]), Values(2, 3, 4), w);
        Same(t => NNFunctions.LinearWithGradient(t[0], t[1], t[2], t[3]).Gradient.x, x, w, b, r);
        Same(t => NNFunctions.LinearWithGradient(t[0], t[1], t[2], t[3]).Gradient.w, x, w, b, r);
        Same(t => NNFunctions.LinearWithGradient(t[0], t[1], t[2], t[3]).Gradient.b, x, w, b, r);
    }

    [OpenCLFact]
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

    [OpenCLFact]
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
        Same(t => t[0].Gelu(), x);
        Same(t => NNFunctions.GeluWithGradient(t[0], "none", t[1]).Gradient, x, rx);

        Same(t => Tensor.Dropout(t[0], 0.3, true, new Generator(9)), x);
        Same(t => NNFunctions.DropoutWithGradient(t[0], 0.3, true, new Generator(9), t[1]).Gradient, x, rx);
    }

    [OpenCLFact]
    public void Conv2d_forward_and_gradients_match_cpu()
    {
        // Batched with bias, stride and padding; rectangular strides/paddings; unbatched; a 1×1 kernel.
        var (x, w, b) = (Values(2, 3, 7, 6), Values(4, 3, 3, 3) * 0.3, Values(4));
        var r = Values(2, 4, 4, 3);
        Same(t => Tensor.Conv2d(t[0], t[1], t[2], 2, 1), x, w, b);
        Same(t => NNFunctions.ConvWithGradient(t[0], t[1], t[2], 2, 1, t[3]).Gradient.x, x, w, b, r);
        Same(t => NNFunctions.ConvWithGradient(t[0], t[1], t[2], 2, 1, t[3]).Gradient.w, x, w, b, r);
        Same(t => NNFunctions.ConvWithGradient(t[0], t[1], t[2], 2, 1, t[3]).Gradient.b!, x, w, b, r);
        var r2 = Values(2, 4, 7, 2);
        Same(t => NNFunctions.ConvTupleWithGradient(t[0], t[1], t[2], 1, 2, 1, 0, t[3]).Gradient.x, x, w, b, r2);
        Same(t => NNFunctions.ConvTupleWithGradient(t[0], t[1], t[2], 1, 2, 1, 0, t[3]).Gradient.w, x, w, b, r2);
        Same(t => Tensor.Conv2d(t[0], t[1]), Values(3, 5, 5), w);
        Same(t => Tensor.Conv2d(t[0], t[1], t[2]), Values(2, 3, 4, 4), Values(5, 3, 1, 1), Values(5));
        Same(t => NNFunctions.ConvOfDataWithGradient(t[0], t[1], t[2]).Gradient, w, x, r);
        Assert.Throws<TensorDeviceException>(() => Tensor.Conv2d(Values(1, 1, 4, 4), Values(1, 1, 3, 3).To(Dev)));
    }

    [OpenCLFact]
    public void Pools_forward_and_gradients_match_cpu_including_ties_and_padding()
    {
        // Ties (the first maximum takes the adjoint) and overlapping windows (stride < kernel) with padding.
        var x = Tensor.FromArray(Enumerable.Range(0, 2 * 3 * 7 * 6).Select(i => (float)(i * 7 % 5)).ToArray(), [2, 3, 7, 6]);
        var r = Values(2, 3, 4, 3);
        Same(t => Tensor.MaxPool2d(t[0], 3, 2, 1), x);
        Same(t => NNFunctions.MaxPoolWithGradient(t[0], 3, 2, 1, t[1]).Gradient, x, r);
        Same(t => Tensor.AvgPool2d(t[0], 3, 2, 1), x);
        Same(t => NNFunctions.AvgPoolWithGradient(t[0], 3, 2, 1, t[1]).Gradient, x, r);
        var (y, ry) = (Values(3, 8, 8), Values(3, 4, 4));
        Same(t => NNFunctions.MaxPoolDefaultStrideWithGradient(t[0], t[1]).Gradient, y, ry);
        var rt = Values(3, 8, 3);
        Same(t => NNFunctions.MaxPoolTupleWithGradient(t[0], 1, 3, 1, 3, t[1]).Gradient, y, rt);
        Same(t => NNFunctions.AvgPoolTupleWithGradient(t[0], 1, 3, 1, 3, t[1]).Gradient, y, rt);
    }

    [OpenCLFact]
    public void A_lenet_like_stack_gives_the_cpu_gradients_on_the_device()
    {
        var (c1, cb1, c2) = (Values(4, 1, 3, 3) * 0.3, Values(4) * 0.1, Values(6, 4, 3, 3) * 0.2);
        var (f, fb) = (Values(3, 6 * 2 * 2) * 0.1, Values(3) * 0.1);
        var x = Values(5, 1, 12, 12);
        var y = Tensor.FromArray(new long[] { 0, 2, 1, 1, 0 }, [5]);
        for (var i = 0; i < 5; i++)
        {
            var k = i;
            Same(t => Pick(NNFunctions.LenetWithGradient(t[0], t[1], t[2], t[3], t[4], t[5], t[6]).Gradient, k), c1, cb1, c2, f, fb, x, y);
        }

        static Tensor Pick((Tensor, Tensor, Tensor, Tensor, Tensor) g, int i) => i switch
        {
            0 => g.Item1,
            1 => g.Item2,
            2 => g.Item3,
            3 => g.Item4,
            _ => g.Item5,
        };
    }
}

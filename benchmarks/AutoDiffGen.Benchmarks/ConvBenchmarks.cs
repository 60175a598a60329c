using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>LeNet-5 on 28×28 inputs: conv 5×5 (pad 2) → ReLU → max pool → conv 5×5 → ReLU → max pool → 3 linear layers.</summary>
public static partial class LeNet
{
    [Differentiable]
    public static Tensor Loss(
        Tensor c1, Tensor cb1, Tensor c2, Tensor cb2, Tensor f1, Tensor fb1, Tensor f2, Tensor fb2, Tensor f3, Tensor fb3, [NoDiff] Tensor x, [NoDiff] Tensor y)
    {
        var h = Tensor.MaxPool2d(Tensor.Conv2d(x, c1, cb1, 1, 2).Relu(), 2);
        h = Tensor.MaxPool2d(Tensor.Conv2d(h, c2, cb2).Relu(), 2);
        var z = Tensor.Linear(Tensor.Linear(h.Flatten(1), f1, fb1).Relu(), f2, fb2).Relu();
        return Losses.CrossEntropy(Tensor.Linear(z, f3, fb3), y);
    }
}

/// <summary>
/// Conv2d by im2col + GEMM at LeNet sizes (batch 64, float32): the two convolutions forward and backward alone,
/// and a whole LeNet-5 forward + backward (LossWithGradient).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 5, iterationCount: 15)]
public class ConvBenchmarks
{
    private Tensor[] _p = null!;
    private Tensor _x = null!;
    private Tensor _y = null!;
    private Tensor _h = null!;
    private Tensor _g1 = null!;
    private Tensor _g2 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var g = new Generator(3);
        Tensor R(params int[] shape) => Tensor.Randn(shape, DType.Float32, g) * 0.1;
        _p = [R(6, 1, 5, 5), R(6), R(16, 6, 5, 5), R(16), R(120, 400), R(120), R(84, 120), R(84), R(10, 84), R(10)];
        _x = Tensor.Rand([64, 1, 28, 28], DType.Float32, g);
        _y = Tensor.RandInt(10, [64], g);
        _h = Tensor.Rand([64, 6, 14, 14], DType.Float32, g);
        _g1 = Tensor.Rand([64, 6, 28, 28], DType.Float32, g);
        _g2 = Tensor.Rand([64, 16, 10, 10], DType.Float32, g);
    }

    [Benchmark(Description = "conv1 1→6, 5×5 pad 2, 28×28: forward")]
    public Tensor Conv1Forward() => Tensor.Conv2d(_x, _p[0], _p[1], 1, 2);

    [Benchmark(Description = "conv1: weight + bias gradients (input is data)")]
    public Tensor Conv1Backward() => Tensor.Conv2dGradients(_x, _p[0], (1, 1), (2, 2), _g1, false, true).Weight!;

    [Benchmark(Description = "conv2 6→16, 5×5, 14×14: forward")]
    public Tensor Conv2Forward() => Tensor.Conv2d(_h, _p[2], _p[3]);

    [Benchmark(Description = "conv2: input + weight gradients")]
    public Tensor Conv2Backward() => Tensor.Conv2dGradients(_h, _p[2], (1, 1), (0, 0), _g2, true, true).Input!;

    [Benchmark(Description = "LeNet-5 forward + backward, batch 64")]
    public Tensor LeNetStep()
    {
        var (loss, grads) = LeNet.LossWithGradient(_p[0], _p[1], _p[2], _p[3], _p[4], _p[5], _p[6], _p[7], _p[8], _p[9], _x, _y);
        GC.KeepAlive(grads);
        return loss;
    }
}

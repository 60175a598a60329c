using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>The 784-128-10 MLP of <see cref="Mlp"/>, written with <see cref="Tensor.Linear"/> (weights [out, in]) as layers will.</summary>
public static partial class LinearMlp
{
    [Differentiable]
    public static Tensor Loss(Tensor w1, Tensor b1, Tensor w2, Tensor b2, [NoDiff] Tensor x, [NoDiff] Tensor y) =>
        Losses.CrossEntropy(Tensor.Linear(Tensor.Linear(x, w1, b1).Relu(), w2, b2), y);
}

/// <summary>
/// One SGD step of the 784-128-10 MLP on a batch of 64 through <see cref="Tensor.Linear"/>, next to the MatMul + bias
/// form of <see cref="MlpBenchmarks"/> in the same run; and one Linear layer's forward and backward alone.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 5, iterationCount: 15)]
public class LinearBenchmarks
{
    private Tensor _w1 = null!;
    private Tensor _b1 = null!;
    private Tensor _w2 = null!;
    private Tensor _b2 = null!;
    private Tensor _w1T = null!;
    private Tensor _w2T = null!;
    private Tensor _x = null!;
    private Tensor _y = null!;
    private Tensor _g = null!;
    private Sgd _linear = null!;
    private Sgd _matMul = null!;

    [GlobalSetup]
    public void Setup()
    {
        var g = new Generator(7);
        _w1 = Tensor.Randn([128, 784], DType.Float32, g) * 0.05;
        _b1 = Tensor.Zeros(128);
        _w2 = Tensor.Randn([10, 128], DType.Float32, g) * 0.05;
        _b2 = Tensor.Zeros(10);
        _w1T = _w1.T.Contiguous();
        _w2T = _w2.T.Contiguous();
        _x = Tensor.Rand([64, 784], DType.Float32, g);
        _y = Tensor.RandInt(10, [64], g);
        _g = Tensor.Rand([64, 128], DType.Float32, g);
        _linear = new Sgd([_w1, _b1, _w2, _b2], lr: 1e-2);
        _matMul = new Sgd([_w1T, _b1.Clone(), _w2T, _b2.Clone()], lr: 1e-2);
    }

    [Benchmark(Baseline = true, Description = "MLP step, MatMul + bias")]
    public Tensor MatMulStep()
    {
        var (loss, (g1, gb1, g2, gb2)) = Mlp.LossWithGradient(_w1T, _b1, _w2T, _b2, _x, _y);
        _matMul.Step(g1, gb1, g2, gb2);
        return loss;
    }

    [Benchmark(Description = "MLP step, Linear")]
    public Tensor LinearStep()
    {
        var (loss, (g1, gb1, g2, gb2)) = LinearMlp.LossWithGradient(_w1, _b1, _w2, _b2, _x, _y);
        _linear.Step(g1, gb1, g2, gb2);
        return loss;
    }

    [Benchmark(Description = "Linear 784→128 forward, batch 64")]
    public Tensor Forward() => Tensor.Linear(_x, _w1, _b1);

    [Benchmark(Description = "Linear 784→128 weight gradient (Gᵀ·X)")]
    public Tensor WeightGradient() => Tensor.LinearWeightGradient(_x, _w1, _g);

    [Benchmark(Description = "Linear 784→128 input gradient (G·W)")]
    public Tensor InputGradient() => Tensor.LinearInputGradient(_x, _w1, _g);
}

using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// One SGD training step of a 784-128-10 MLP on a batch of 64 (forward, backward, update), the training issue's
/// yardstick: TorchSharp takes ~670 µs per step on this machine; the target is ≤ 0.6× that (≈ 400 µs).
/// </summary>
[MemoryDiagnoser]
public class MlpBenchmarks
{
    private Tensor _w1 = null!;
    private Tensor _b1 = null!;
    private Tensor _w2 = null!;
    private Tensor _b2 = null!;
    private Tensor _x = null!;
    private Tensor _y = null!;
    private Sgd _optimizer = null!;
    private MlpModel _model = null!;
    private Sgd _modelOptimizer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var g = new Generator(7);
        _w1 = Tensor.Randn([784, 128], DType.Float32, g) * 0.05;
        _b1 = Tensor.Zeros(128);
        _w2 = Tensor.Randn([128, 10], DType.Float32, g) * 0.05;
        _b2 = Tensor.Zeros(10);
        _x = Tensor.Rand([64, 784], DType.Float32, g);
        _y = Tensor.RandInt(10, [64], g);
        _optimizer = new Sgd([_w1, _b1, _w2, _b2], lr: 1e-2);
        _model = new MlpModel(g);
        _modelOptimizer = new Sgd(_model.Parameters(), lr: 1e-2);
    }

    [Benchmark(Description = "MLP 784-128-10, batch 64: model + [TrainingStep] (Linear layers, Sgd)")]
    public Tensor ModelStep() => MlpModel.Step(_model, _modelOptimizer, _x, _y);

    [Benchmark(Description = "MLP 784-128-10, batch 64: model + [TrainingStep] in a FusedUpdate scope (SGD fused into the weight GEMMs)")]
    public Tensor FusedModelStep() => MlpBreakdown.FusedStep(_model, _modelOptimizer, _x, _y);

    [Benchmark(Description = "MLP 784-128-10, batch 64: LossWithGradient + Sgd.Step")]
    public Tensor Step()
    {
        var (loss, (g1, gb1, g2, gb2)) = Mlp.LossWithGradient(_w1, _b1, _w2, _b2, _x, _y);
        _optimizer.Step(g1, gb1, g2, gb2);
        return loss;
    }
}

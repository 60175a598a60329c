using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// One SGD training step of LeNet-5 (the tutorials' CNN: two 5×5 convolutions with max pooling, three linear layers)
/// on a batch of 64 28×28 images, as a model with a generated <c>[TrainingStep]</c>, beside the explicit loop
/// (<c>LossWithGradient</c> + <c>Sgd.Step</c>): the training issue's "LeNet-style CNN step time", and its allocations
/// (a warm compiled step should allocate nothing).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 5, iterationCount: 15)]
public class LeNetStepBenchmarks
{
    private LeNet5 _model = null!;
    private Sgd _optimizer = null!;
    private LeNet5 _plainModel = null!;
    private Sgd _plainOptimizer = null!;
    private Tensor _x = null!;
    private Tensor _y = null!;

    [GlobalSetup]
    public void Setup()
    {
        var g = new Generator(5);
        _x = Tensor.Rand([64, 1, 28, 28], DType.Float32, g);
        _y = Tensor.RandInt(10, [64], g);
        _model = new LeNet5(new Generator(6));
        _optimizer = new Sgd(_model.Parameters(), lr: 1e-2, momentum: 0.9);
        _plainModel = new LeNet5(new Generator(6));
        _plainOptimizer = new Sgd(_plainModel.Parameters(), lr: 1e-2, momentum: 0.9);
    }

    [Benchmark(Description = "LeNet-5, batch 64: model + [TrainingStep] (Sgd, momentum 0.9)")]
    public Tensor CompiledStep() => LeNet5.Step(_model, _optimizer, _x, _y);

    [Benchmark(Baseline = true, Description = "LeNet-5, batch 64: LossWithGradient + Sgd.Step")]
    public Tensor ExplicitStep()
    {
        var (loss, gradient) = LeNet5.LossWithGradient(_plainModel, _x, _y);
        _plainOptimizer.Step(gradient);
        return loss;
    }
}

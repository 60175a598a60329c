using AutoDiffGen.Transforms;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// Data loading at MNIST's size: in-memory 28×28 grey images through <c>ToTensor</c> + <c>Normalize</c>, batched by
/// 64 into [64, 1, 28, 28] float32 inputs and int64 labels, with 0 and 2 workers. <c>LoadBatches</c> is the time
/// per batch delivered with nothing else to do; <c>TrainSteps</c> adds the MLP step of <see cref="MlpBenchmarks"/>
/// on each batch, so (TrainSteps − step alone) is what loading costs a training loop, and workers can hide it.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class DataLoaderBenchmarks
{
    private const int Batches = 100;
    private const int BatchSize = 64;

    private DataLoader _loader = null!;
    private Tensor _w1 = null!;
    private Tensor _b1 = null!;
    private Tensor _w2 = null!;
    private Tensor _b2 = null!;
    private Sgd _optimizer = null!;

    [Params(0, 2)]
    public int Workers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var images = new SyntheticImages(Batches * BatchSize, 28, 28);
        var transform = new Compose<Image>(new ToTensor(), new Normalize([0.1307], [0.3081]));
        _loader = new DataLoader(images.Select(transform), batchSize: BatchSize, shuffle: true, seed: 0, workers: Workers);

        var g = new Generator(7);
        _w1 = Tensor.Randn([784, 128], DType.Float32, g) * 0.05;
        _b1 = Tensor.Zeros(128);
        _w2 = Tensor.Randn([128, 10], DType.Float32, g) * 0.05;
        _b2 = Tensor.Zeros(10);
        _optimizer = new Sgd([_w1, _b1, _w2, _b2], lr: 1e-2);
    }

    [Benchmark(OperationsPerInvoke = Batches, Description = "DataLoader: one [64,1,28,28] batch (ToTensor + Normalize)")]
    public Tensor LoadBatches()
    {
        Tensor last = null!;
        foreach (var (input, _) in _loader)
        {
            last = input;
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Batches, Description = "DataLoader batch + MLP 784-128-10 step")]
    public Tensor TrainSteps()
    {
        Tensor loss = null!;
        foreach (var (input, labels) in _loader)
        {
            var (l, (g1, gb1, g2, gb2)) = Mlp.LossWithGradient(_w1, _b1, _w2, _b2, input.View(BatchSize, 784), labels);
            _optimizer.Step(g1, gb1, g2, gb2);
            loss = l;
        }

        return loss;
    }

    /// <summary>A reader-like dataset of random 8-bit grey images held in memory (what an MNIST reader yields).</summary>
    private sealed class SyntheticImages : Dataset<(Image Image, long Label)>
    {
        private readonly Image[] _images;

        public SyntheticImages(int count, int height, int width)
        {
            var random = new Random(1);
            _images = new Image[count];
            for (var i = 0; i < count; i++)
            {
                var pixels = new byte[height * width];
                random.NextBytes(pixels);
                _images[i] = new Image(height, width, 1, pixels);
            }
        }

        public override int Count => _images.Length;

        public override (Image Image, long Label) this[int index] => (_images[index], index % 10);
    }
}

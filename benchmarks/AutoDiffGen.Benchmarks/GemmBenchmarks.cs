using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// float32 matrix products on all cores: the square sizes of the speed targets and the three products of an MLP
/// layer (784 → 128, batch 64): forward X·W, and the backward Xᵀ·G and G·Wᵀ read through transposed views.
/// GFLOP/s = 2·m·n·k / time.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 5, iterationCount: 15)]
public class GemmBenchmarks
{
    private Tensor _a1024 = null!;
    private Tensor _b1024 = null!;
    private Tensor _a256 = null!;
    private Tensor _b256 = null!;
    private Tensor _x = null!;
    private Tensor _w = null!;
    private Tensor _g = null!;

    [GlobalSetup]
    public void Setup()
    {
        var g = new Generator(1);
        _a1024 = Tensor.Rand([1024, 1024], DType.Float32, g);
        _b1024 = Tensor.Rand([1024, 1024], DType.Float32, g);
        _a256 = Tensor.Rand([256, 256], DType.Float32, g);
        _b256 = Tensor.Rand([256, 256], DType.Float32, g);
        _x = Tensor.Rand([64, 784], DType.Float32, g);
        _w = Tensor.Rand([784, 128], DType.Float32, g);
        _g = Tensor.Rand([64, 128], DType.Float32, g);
    }

    [Benchmark(Description = "1024x1024 · 1024x1024")]
    public Tensor Square1024() => Tensor.MatMul(_a1024, _b1024);

    [Benchmark(Description = "256x256 · 256x256")]
    public Tensor Square256() => Tensor.MatMul(_a256, _b256);

    [Benchmark(Description = "MLP forward 64x784 · 784x128")]
    public Tensor MlpForward() => Tensor.MatMul(_x, _w);

    [Benchmark(Description = "MLP dW: (64x784)ᵀ · 64x128")]
    public Tensor MlpWeightGrad() => Tensor.MatMul(_x.T, _g);

    [Benchmark(Description = "MLP dX: 64x128 · (784x128)ᵀ")]
    public Tensor MlpInputGrad() => Tensor.MatMul(_g, _w.T);
}

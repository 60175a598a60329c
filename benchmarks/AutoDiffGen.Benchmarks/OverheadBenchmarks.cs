using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>Fixed cost of one operation on a tiny tensor: what a tape-free generated gradient pays per op.</summary>
[MemoryDiagnoser]
public class OverheadBenchmarks
{
    private Tensor _x = null!;
    private Tensor _y = null!;

    [GlobalSetup]
    public void Setup()
    {
        _x = Tensor.Ones(2, 2);
        _y = Tensor.Ones(2, 2);
    }

    [Benchmark(Baseline = true, Description = "x + 1 (2x2)")]
    public Tensor AddScalar() => _x + 1;

    [Benchmark(Description = "x * y (2x2)")]
    public Tensor MulTensor() => _x * _y;

    [Benchmark(Description = "x.Sum() (2x2)")]
    public Tensor Sum() => _x.Sum();

    [Benchmark(Description = "x.T (view)")]
    public Tensor Transpose() => _x.T;

    [Benchmark(Description = "((x + 1).Pow(2) * 2).Mean() (4 ops)")]
    public Tensor FourOps() => ((_x + 1).Pow(2) * 2).Mean();
}

using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// Elementwise ops and reductions over 16M float32 (64 MiB per tensor) next to STREAM-style baselines, measured in
/// one run. Bandwidth = bytes moved / time: triad and binary ops move 12 B per element, Sum 4 B.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 12)]
public class MemoryBoundBenchmarks
{
    private const int N = 16 * 1024 * 1024;
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];
    private Tensor _x = null!;
    private Tensor _y = null!;
    private Tensor _z = null!;

    [GlobalSetup]
    public void Setup()
    {
        _a = new float[N];
        _b = Enumerable.Range(0, N).Select(i => (float)(i % 1000) * 1e-3f).ToArray();
        _c = Enumerable.Range(0, N).Select(i => (float)(i % 777) * 1e-3f).ToArray();
        _x = Tensor.FromArray(_b);
        _y = Tensor.FromArray(_c);
        _z = Tensor.Zeros(N);
    }

    [Benchmark(Baseline = true, Description = "STREAM triad a=b+s*c (hand-written)")]
    public void StreamTriad() => StreamBaseline.Triad(_a, _b, _c, 3f);

    [Benchmark(Description = "z.CopyFrom(x).AddInPlace(y) [two passes]")]
    public Tensor AddInPlaceTwoPass() => _z.CopyFrom(_x).AddInPlace(_y);

    [Benchmark(Description = "x.AddInPlace(y, 0) (binary op in place)")]
    public Tensor AddInPlace() => _x.AddInPlace(_y, 0f);

    [Benchmark(Description = "x + y (new tensor)")]
    public Tensor AddAllocating() => _x + _y;

    [Benchmark(Description = "x.Add(y, alpha) (triad, new tensor)")]
    public Tensor TriadAllocating() => _x.Add(_y, 3.0);

    [Benchmark(Description = "STREAM sum (hand-written)")]
    public float StreamSum() => StreamBaseline.Sum(_b);

    [Benchmark(Description = "x.Sum()")]
    public Tensor Sum() => _x.Sum();
}

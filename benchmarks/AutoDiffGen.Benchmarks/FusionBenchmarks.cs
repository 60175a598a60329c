using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// The tanh chain over 16M float32 (on the CPU, and on PoCL's OpenCL device), forward and backward (the adjoints of
/// the scalars a, b, c), fused into one pass each way versus one pass per op, next to the STREAM triad measured in the
/// same run. What the fused chain must move: x read and y written forward, x and dy read backward (the adjoints of
/// the one-element a, b, c are sums, and x takes none): 4 × 64 MiB = 256 MiB; its bound is that over the triad's
/// bandwidth (triad: 3 × 64 MiB per call, counted as STREAM does, without the write-allocate read). The "traffic
/// floor" moves those same 256 MiB with no math (y = c·x, then Σ x·dy): what memory allows on this machine.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class FusionBenchmarks
{
    private const int N = 16 * 1024 * 1024;
    private float[] _ta = [];
    private float[] _tb = [];
    private float[] _tc = [];
    private Tensor _x = null!;
    private Tensor _a = null!;
    private Tensor _b = null!;
    private Tensor _c = null!;
    private Tensor _dy = null!;
    private Tensor _one = null!;
    private Device _device = Device.Cpu;
    private Tensor _dx = null!;
    private Tensor _da = null!;
    private Tensor _db = null!;
    private Tensor _dc = null!;
    private Tensor _ddy = null!;
    private float[] _floorY = [];

    [GlobalSetup]
    public void Setup()
    {
        _ta = new float[N];
        _tb = Enumerable.Range(0, N).Select(i => (float)(i % 1000) * 1e-3f).ToArray();
        _tc = Enumerable.Range(0, N).Select(i => (float)(i % 777) * 1e-3f).ToArray();
        _x = Tensor.FromArray(_tb);
        _a = Tensor.Scalar(0.7);
        _b = Tensor.Scalar(-0.2);
        _c = Tensor.Scalar(1.3);
        _dy = Tensor.OnesLike(_x);
        _one = Tensor.Scalar(1.0);
        _floorY = new float[N];
        _device = Device.OpenCL(0);
        (_dx, _da, _db, _dc, _ddy) = (_x.To(_device), _a.To(_device), _b.To(_device), _c.To(_device), _dy.To(_device));
    }

    [Benchmark(Baseline = true, Description = "STREAM triad over 16M (3 × 64 MiB)")]
    public void Triad() => StreamBaseline.Triad(_ta, _tb, _tc, 0.5f);

    [Benchmark(Description = "traffic floor: the fused chain's 256 MiB, no math")]
    public float Floor()
    {
        TrafficFloor.Scale(_tb, _floorY, 1.3f);
        return TrafficFloor.Dot(_tb, _tc);
    }

    [Benchmark(Description = "tanh chain fused: forward + backward")]
    public Tensor Fused()
    {
        var (_, pullback) = Chains.TanhChainWithPullback(_x, _a, _b, _c);
        return pullback.Invoke(_dy).Item1;
    }

    [Benchmark(Description = "tanh chain fused: forward only")]
    public Tensor FusedForward() => Chains.TanhChainWithPullback(_x, _a, _b, _c).Value;

    [Benchmark(Description = "tanh chain fused + Sum(): forward + backward")]
    public Tensor FusedSum()
    {
        var (_, pullback) = Chains.TanhChainSumWithPullback(_x, _a, _b, _c);
        return pullback.Invoke(_one).Item1;
    }

    [Benchmark(Description = "PoCL: tanh chain fused: forward + backward")]
    public Tensor FusedOpenCL()
    {
        var (_, pullback) = Chains.TanhChainWithPullback(_dx, _da, _db, _dc);
        var gradient = pullback.Invoke(_ddy).Item1;
        OpenCL.OpenCLRuntime.Synchronize(_device);
        return gradient;
    }

    [Benchmark(Description = "PoCL: tanh chain op by op: forward + backward")]
    public Tensor UnfusedOpenCL()
    {
        var (_, pullback) = Chains.TanhChainUnfusedWithPullback(_dx, _da, _db, _dc);
        var gradient = pullback.Invoke(_ddy).Item1;
        OpenCL.OpenCLRuntime.Synchronize(_device);
        return gradient;
    }

    [Benchmark(Description = "tanh chain op by op: forward + backward")]
    public Tensor Unfused()
    {
        var (_, pullback) = Chains.TanhChainUnfusedWithPullback(_x, _a, _b, _c);
        return pullback.Invoke(_dy).Item1;
    }
}

/// <summary>
/// The CPU rows of <see cref="FusionBenchmarks"/> run in interleaved rounds (each round runs every row once), so a
/// noisy shared machine slows all rows alike instead of whichever BenchmarkDotNet happened to be measuring:
/// <c>dotnet run -c Release -- --fusion-interleaved [rounds]</c>. Prints each row's median and best time, the
/// memory bound from the triad's median, and the fused chain's ratio to it.
/// </summary>
internal static class FusionInterleaved
{
    public static void Run(int rounds)
    {
        var b = new FusionBenchmarks();
        b.Setup();
        var rows = new (string Name, Action Run)[]
        {
            ("STREAM triad (3 × 64 MiB)", b.Triad),
            ("traffic floor (256 MiB, no math)", () => b.Floor()),
            ("fused, forward + backward", () => b.Fused()),
            ("fused, forward only", () => b.FusedForward()),
            ("fused + Sum(), forward + backward", () => b.FusedSum()),
            ("op by op, forward + backward", () => b.Unfused()),
        };
        var times = rows.Select(_ => new List<double>()).ToArray();
        for (var round = -5; round < rounds; round++)
        {
            for (var r = 0; r < rows.Length; r++)
            {
                var watch = Stopwatch.StartNew();
                rows[r].Run();
                if (round >= 0)
                {
                    times[r].Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        }

        static double Median(List<double> t) => t.Order().ElementAt(t.Count / 2);
        for (var r = 0; r < rows.Length; r++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows[r].Name,-36} median {Median(times[r]),7:F2} ms   best {times[r].Min(),7:F2} ms"));
        }

        var triad = Median(times[0]);
        var bandwidth = 3 * 64.0 * 1024 * 1024 / (triad / 1000) / 1e9;
        var bound = 256.0 / 192 * triad;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"triad {bandwidth:F1} GB/s; bound for 256 MiB {bound:F2} ms; fused / bound {Median(times[2]) / bound:F2}; fused / floor {Median(times[2]) / Median(times[1]):F2}; op by op / fused {Median(times[5]) / Median(times[2]):F2}"));
    }
}

/// <summary>
/// The fused tanh chain's memory traffic without its math, in the same 512-bit loops over the same two-way split as
/// StreamBaseline: forward reads x and writes y, backward reads x and dy.
/// </summary>
internal static class TrafficFloor
{
    /// <summary>y[i] = s · x[i] (1 read, 1 write: the forward's traffic).</summary>
    public static void Scale(float[] x, float[] y, float s)
    {
        var threads = Environment.ProcessorCount;
        var chunk = ((x.Length / threads) + 63) & ~63;
        Parallel.For(0, threads, t =>
        {
            var start = t * chunk;
            var end = Math.Min(x.Length, start + chunk);
            var sv = Vector512.Create(s);
            var i = start;
            for (; i + 16 <= end; i += 16)
            {
                (Vector512.LoadUnsafe(ref x[0], (nuint)i) * sv).StoreUnsafe(ref y[0], (nuint)i);
            }

            for (; i < end; i++)
            {
                y[i] = s * x[i];
            }
        });
    }

    /// <summary>Σ x[i] · d[i] (2 reads: the backward's traffic).</summary>
    public static float Dot(float[] x, float[] d)
    {
        var threads = Environment.ProcessorCount;
        var chunk = ((x.Length / threads) + 63) & ~63;
        var partial = new float[threads];
        Parallel.For(0, threads, t =>
        {
            var start = t * chunk;
            var end = Math.Min(x.Length, start + chunk);
            Vector512<float> acc0 = default, acc1 = default;
            var i = start;
            for (; i + 32 <= end; i += 32)
            {
                acc0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x[0], (nuint)i), Vector512.LoadUnsafe(ref d[0], (nuint)i), acc0);
                acc1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x[0], (nuint)(i + 16)), Vector512.LoadUnsafe(ref d[0], (nuint)(i + 16)), acc1);
            }

            var total = Vector512.Sum(acc0 + acc1);
            for (; i < end; i++)
            {
                total += x[i] * d[i];
            }

            partial[t] = total;
        });

        return partial.Sum();
    }
}

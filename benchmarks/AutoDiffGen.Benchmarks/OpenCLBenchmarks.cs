using AutoDiffGen.OpenCL;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// The OpenCL backend's fixed costs (a queued launch, a synchronous round trip, a cold program build) and an
/// op-by-op elementwise chain y = tanh(a·x + b)·c over 16M float32 on the first OpenCL device next to the CPU.
/// On PoCL the device is this machine's CPU, so the chain measures overhead and kernel quality, not a GPU.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class OpenCLBenchmarks
{
    private const int N = 16 * 1024 * 1024;
    private const int Launches = 1000;
    private const string NopSource = "__kernel void nop(__global float* x, int xo) { x[xo + get_global_id(0)] += 1.0f; }";
    private readonly Device _device = Device.OpenCL(0);
    private OpenCLProgram _nop = null!;
    private Tensor _one = null!;
    private Tensor _x = null!;
    private Tensor _xd = null!;
    private int _builds;

    [GlobalSetup]
    public void Setup()
    {
        _nop = OpenCLRuntime.Program(_device, NopSource);
        _one = Tensor.Zeros([1], DType.Float32, _device);
        _x = Tensor.FromArray(Enumerable.Range(0, N).Select(i => (float)(i % 1000) * 1e-3f).ToArray(), [N]);
        _xd = _x.To(_device);
        Chain(_xd).Dispose();
        OpenCLRuntime.Synchronize(_device);
    }

    [Benchmark(OperationsPerInvoke = Launches, Description = "queued launch (1 work-item), per kernel")]
    public void QueuedLaunch()
    {
        for (var i = 0; i < Launches; i++)
        {
            _nop.Launch("nop", 1, _one);
        }

        OpenCLRuntime.Synchronize(_device);
    }

    [Benchmark(Description = "synchronous launch + clFinish")]
    public void SynchronousLaunch()
    {
        _nop.Launch("nop", 1, _one);
        OpenCLRuntime.Synchronize(_device);
    }

    [Benchmark(Description = "tiny round trip: 1 float to the device and Item() back")]
    public float TinyRoundTrip()
    {
        using var t = Tensor.Scalar(2.0).To(_device);
        return t.Item<float>();
    }

    [Benchmark(Description = "cold program build (one small kernel)")]
    public OpenCLProgram ColdBuild() =>
        OpenCLRuntime.Program(_device, NopSource + "\n// build " + Interlocked.Increment(ref _builds));

    [Benchmark(Baseline = true, Description = "CPU: tanh(a*x+b)*c op by op, 16M float32")]
    public Tensor CpuChain() => Chain(_x);

    [Benchmark(Description = "OpenCL: tanh(a*x+b)*c op by op, 16M float32")]
    public void OpenCLChain()
    {
        Chain(_xd).Dispose();
        OpenCLRuntime.Synchronize(_device);
    }

    private static Tensor Chain(Tensor x)
    {
        using var ax = x * 1.5;
        using var axb = ax + 0.25;
        using var t = axb.Tanh();
        return t * 0.5;
    }
}

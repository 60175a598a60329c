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
/// Conv2d at LeNet sizes (batch 64, float32): the two convolutions forward and backward alone, LeNet's max pooling
/// forward and backward, and a whole LeNet-5 forward + backward (LossWithGradient).
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
    private Tensor _pooled = null!;

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
        _pooled = Tensor.Rand([64, 6, 14, 14], DType.Float32, g);
    }

    [Benchmark(Description = "conv1 1→6, 5×5 pad 2, 28×28: forward")]
    public Tensor Conv1Forward() => Tensor.Conv2d(_x, _p[0], _p[1], 1, 2);

    [Benchmark(Description = "conv1: weight + bias gradients (input is data)")]
    public Tensor Conv1Backward() => Tensor.Conv2dGradients(_x, _p[0], (1, 1), (2, 2), _g1, false, true).Weight!;

    [Benchmark(Description = "conv2 6→16, 5×5, 14×14: forward")]
    public Tensor Conv2Forward() => Tensor.Conv2d(_h, _p[2], _p[3]);

    [Benchmark(Description = "conv2: input + weight gradients")]
    public Tensor Conv2Backward() => Tensor.Conv2dGradients(_h, _p[2], (1, 1), (0, 0), _g2, true, true).Input!;

    [Benchmark(Description = "max pool 2×2 of [64, 6, 28, 28]: forward")]
    public Tensor PoolForward() => Tensor.MaxPool2d(_g1, 2);

    [Benchmark(Description = "max pool 2×2: input gradient")]
    public Tensor PoolBackward() => Tensor.Pool2dGradient(_g1, (2, 2), null, (0, 0), _pooled, max: true);

    [Benchmark(Description = "LeNet-5 forward + backward, batch 64")]
    public Tensor LeNetStep()
    {
        var (loss, grads) = LeNet.LossWithGradient(_p[0], _p[1], _p[2], _p[3], _p[4], _p[5], _p[6], _p[7], _p[8], _p[9], _x, _y);
        GC.KeepAlive(grads);
        return loss;
    }
}

/// <summary>
/// The CPU conv and pool kernels alone at LeNet sizes (batch 64, float32), on preallocated outputs: what the
/// kernels cost without the allocation (and LOH collections) of fresh result tensors that ConvBenchmarks includes.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 5, iterationCount: 15)]
public unsafe class ConvKernelBenchmarks
{
    private static readonly Kernels.ConvGeometry _conv1 = new(64, 1, 28, 28, 6, 5, 5, 1, 1, 2, 2);
    private static readonly Kernels.ConvGeometry _conv2 = new(64, 6, 14, 14, 16, 5, 5, 1, 1, 0, 0);
    private static readonly Kernels.PoolGeometry _pool1 = new(64 * 6, 28, 28, 2, 2, 2, 2, 0, 0);
    private static readonly Kernels.ConvGeometry _wide = new(8, 64, 32, 32, 64, 3, 3, 1, 1, 1, 1);
    private float[] _x1 = null!;
    private float[] _w1 = null!;
    private float[] _b1 = null!;
    private float[] _y1 = null!;
    private float[] _x2 = null!;
    private float[] _w2 = null!;
    private float[] _b2 = null!;
    private float[] _y2 = null!;
    private float[] _gw = null!;
    private float[] _gx2 = null!;
    private float[] _p1 = null!;
    private float[] _gx1 = null!;
    private float[] _xw = null!;
    private float[] _ww = null!;
    private float[] _yw = null!;
    private float[] _gxw = null!;
    private float[] _gww = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(3);
        float[] R(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        (_x1, _w1, _b1, _y1) = (R(64 * 28 * 28), R(6 * 25), R(6), R(64 * 6 * 28 * 28));
        (_x2, _w2, _b2, _y2) = (R(64 * 6 * 14 * 14), R(16 * 150), R(16), R(64 * 16 * 10 * 10));
        (_gw, _gx2, _p1, _gx1) = (R(16 * 150), R(64 * 6 * 14 * 14), R(64 * 6 * 14 * 14), R(64 * 6 * 28 * 28));
        (_xw, _ww, _yw, _gxw, _gww) = (R(8 * 64 * 32 * 32), R(64 * 64 * 9), R(8 * 64 * 32 * 32), R(8 * 64 * 32 * 32), R(64 * 64 * 9));
    }

    [Benchmark(Description = "kernel: conv1 forward")]
    public void Conv1Forward() => Conv1(Kernels.ConvPath.Best);

    [Benchmark(Description = "kernel: conv1 forward (direct, 256-bit: machines without AVX-512)")]
    public void Conv1Forward256() => Conv1(Kernels.ConvPath.Direct256);

    [Benchmark(Description = "kernel: conv1 forward (im2col + GEMM)")]
    public void Conv1ForwardIm2Col() => Conv1(Kernels.ConvPath.Im2col);

    [Benchmark(Description = "kernel: conv1 forward (im2col + 256-bit GEMM: what AVX2 machines ran before)")]
    public void Conv1ForwardIm2Col256() => Gemm256(() => Conv1(Kernels.ConvPath.Im2col));

    [Benchmark(Description = "kernel: conv1 weight gradient")]
    public void Conv1Weight()
    {
        fixed (float* x = _x1, w = _w1, gy = _y1, gw = _gw)
        {
            Kernels.ConvKernels.Backward(x, w, gy, null, gw, _conv1);
        }
    }

    [Benchmark(Description = "kernel: conv2 forward")]
    public void Conv2Forward() => Conv2(Kernels.ConvPath.Best, backward: false);

    [Benchmark(Description = "kernel: conv2 forward (direct, 256-bit)")]
    public void Conv2Forward256() => Conv2(Kernels.ConvPath.Direct256, backward: false);

    [Benchmark(Description = "kernel: conv2 forward (im2col + GEMM)")]
    public void Conv2ForwardIm2Col() => Conv2(Kernels.ConvPath.Im2col, backward: false);

    [Benchmark(Description = "kernel: conv2 forward (im2col + 256-bit GEMM)")]
    public void Conv2ForwardIm2Col256() => Gemm256(() => Conv2(Kernels.ConvPath.Im2col, backward: false));

    [Benchmark(Description = "kernel: conv2 input gradient")]
    public void Conv2Input() => Conv2(Kernels.ConvPath.Best, backward: true);

    [Benchmark(Description = "kernel: conv2 input gradient (direct, 256-bit)")]
    public void Conv2Input256() => Conv2(Kernels.ConvPath.Direct256, backward: true);

    [Benchmark(Description = "kernel: conv2 input gradient (im2col + GEMM)")]
    public void Conv2InputIm2Col() => Conv2(Kernels.ConvPath.Im2col, backward: true);

    [Benchmark(Description = "kernel: conv2 input gradient (im2col + 256-bit GEMM)")]
    public void Conv2InputIm2Col256() => Gemm256(() => Conv2(Kernels.ConvPath.Im2col, backward: true));

    [Benchmark(Description = "kernel: conv2 weight gradient")]
    public void Conv2Weight()
    {
        fixed (float* x = _x2, w = _w2, gy = _y2, gw = _gw)
        {
            Kernels.ConvKernels.Backward(x, w, gy, null, gw, _conv2);
        }
    }

    [Benchmark(Description = "kernel: max pool 2×2 [64, 6, 28, 28] forward")]
    public void PoolForward() => Kernels.PoolKernels.MaxForward<float>(_y1, _p1, _pool1);

    [Benchmark(Description = "kernel: max pool 2×2 input gradient")]
    public void PoolBackward() => Kernels.PoolKernels.MaxBackward<float>(_y1, _p1, _gx1, _pool1);

    [Benchmark(Description = "kernel: ResNet-like 64→64 3×3 pad 1, 32×32, batch 8: forward (direct)")]
    public void WideForwardDirect() => Wide(Kernels.ConvPath.Best, backward: false);

    [Benchmark(Description = "kernel: ResNet-like: forward (direct, 256-bit)")]
    public void WideForwardDirect256() => Wide(Kernels.ConvPath.Direct256, backward: false);

    [Benchmark(Description = "kernel: ResNet-like: forward (im2col + GEMM)")]
    public void WideForwardIm2Col() => Wide(Kernels.ConvPath.Im2col, backward: false);

    [Benchmark(Description = "kernel: ResNet-like: forward (im2col + 256-bit GEMM)")]
    public void WideForwardIm2Col256() => Gemm256(() => Wide(Kernels.ConvPath.Im2col, backward: false));

    [Benchmark(Description = "kernel: ResNet-like: input + weight gradients (direct)")]
    public void WideBackwardDirect() => Wide(Kernels.ConvPath.Best, backward: true);

    [Benchmark(Description = "kernel: ResNet-like: input + weight gradients (im2col + GEMM)")]
    public void WideBackwardIm2Col() => Wide(Kernels.ConvPath.Im2col, backward: true);

    /// <summary>Runs a product-based kernel with the GEMM's 256-bit path, as a machine without AVX-512 would.</summary>
    private static void Gemm256(Action run)
    {
        Kernels.Gemm.ForcedPath = Kernels.Gemm.KernelPath.Vector256;
        try
        {
            run();
        }
        finally
        {
            Kernels.Gemm.ForcedPath = Kernels.Gemm.KernelPath.Auto;
        }
    }

    private void Conv1(Kernels.ConvPath path)
    {
        fixed (float* x = _x1, w = _w1, b = _b1, y = _y1)
        {
            Kernels.ConvKernels.Forward(x, w, b, y, _conv1, path);
        }
    }

    private void Conv2(Kernels.ConvPath path, bool backward)
    {
        fixed (float* x = _x2, w = _w2, b = _b2, y = _y2, gx = _gx2)
        {
            if (backward)
            {
                Kernels.ConvKernels.Backward(x, w, y, gx, null, _conv2, path);
            }
            else
            {
                Kernels.ConvKernels.Forward(x, w, b, y, _conv2, path);
            }
        }
    }

    private void Wide(Kernels.ConvPath path, bool backward)
    {
        fixed (float* x = _xw, w = _ww, y = _yw, gx = _gxw, gw = _gww)
        {
            if (backward)
            {
                Kernels.ConvKernels.Backward(x, w, y, gx, gw, _wide, path);
            }
            else
            {
                Kernels.ConvKernels.Forward(x, w, null, y, _wide, path);
            }
        }
    }
}

using AutoDiffGen.OpenCL;
using static AutoDiffGen.Tests.OpenCL.OpenCLTestKit;

namespace AutoDiffGen.Tests.OpenCL;

/// <summary>Devices, errors, the program cache, the launch API for generated kernels, and device memory.</summary>
[Collection("OpenCL")]
public class OpenCLRuntimeTests
{
    [OpenCLFact]
    public void Devices_parse_and_compare_by_value()
    {
        Assert.NotEmpty(Device.OpenCLDevices);
        var info = Device.OpenCLDevices[0];
        Assert.Equal(Dev, info.Device);
        Assert.Equal(Device.Cpu, Device.Parse("cpu"));
        Assert.Equal(Device.OpenCL(0), Device.Parse("opencl"));
        Assert.Equal(Device.OpenCL(1), Device.Parse("OpenCL:1"));
        Assert.Equal(Dev, Device.Parse("opencl:" + info.Name[..4]));
        Assert.Equal(Dev, Device.OpenCL(info.Platform));
        Assert.Equal("opencl:0", Dev.ToString());
        Assert.Throws<FormatException>(() => Device.Parse("cuda"));
        Assert.Throws<ArgumentException>(() => Device.OpenCL("no such device name"));
        Assert.Equal(Device.Cpu, Tensor.Zeros(2).Device);
        Assert.Equal(Dev, Tensor.Zeros(2).To(Dev).Device);
        Assert.Equal(Device.Cpu, Tensor.Zeros(2).To(Dev).Cpu().Device);
        Assert.NotNull(Device.Default);
    }

    [OpenCLFact]
    public void Mixing_devices_names_both()
    {
        var cpu = Tensor.Ones(3);
        var dev = Tensor.Ones(3).To(Dev);
        var e = Assert.Throws<TensorDeviceException>(() => cpu + dev);
        Assert.Contains("expected all tensors to be on the same device, but found cpu and opencl:0", e.Message, StringComparison.Ordinal);
        Assert.Throws<TensorDeviceException>(() => dev * cpu);
        Assert.Throws<TensorDeviceException>(() => Tensor.MatMul(cpu.View(1, 3), dev.View(3, 1)));
        Assert.Throws<TensorDeviceException>(() => Tensor.Cat([dev, cpu]));
        Assert.Throws<TensorDeviceException>(() => Tensor.Where(dev.Gt(0), cpu, dev));

        // A CPU 0-d tensor may join device tensors, as PyTorch allows CPU scalars with CUDA tensors.
        Assert.Equal([3f, 3f, 3f], (dev + Tensor.Scalar(2.0)).ToArray<float>());
    }

    [OpenCLFact]
    public void Ops_without_a_kernel_refuse_and_name_the_device()
    {
        var e = Assert.Throws<NotSupportedException>(() => Tensor.Eye(3).To(Dev).Inverse());
        Assert.Contains("Inverse", e.Message, StringComparison.Ordinal);
        Assert.Contains("opencl:0", e.Message, StringComparison.Ordinal);
    }

    [OpenCLFact]
    public void Random_fills_on_the_device_match_the_cpu_for_the_same_seed()
    {
        Tensor.ManualSeed(3);
        var cpu = Tensor.Zeros(4, 5).NormalInPlace();
        Tensor.ManualSeed(3);
        var dev = Tensor.Zeros([4, 5], DType.Float32, Dev).NormalInPlace();
        Assert.Equal(cpu.ToArray<float>(), dev.ToArray<float>());
        Assert.Equal(Dev, Tensor.RandLike(dev).Device);
        Assert.Throws<NotSupportedException>(() => dev.Bernoulli());
    }

    [Fact]
    public void No_platform_error_says_what_to_install()
    {
        var e = OpenCLException.NoPlatform();
        Assert.StartsWith(
            "no OpenCL platform found; install an ICD, e.g. `apt-get install pocl-opencl-icd ocl-icd-libopencl1`, or use Device.Cpu",
            e.Message,
            StringComparison.Ordinal);
        Assert.Equal("CL_OUT_OF_RESOURCES", ClStatus.Name(-5));
        Assert.Equal("CL_INVALID_KERNEL_NAME", ClStatus.Name(-46));
        var failed = Assert.Throws<OpenCLException>(() => ClStatus.Check(-5, "clEnqueueNDRangeKernel(k)"));
        Assert.Equal("CL_OUT_OF_RESOURCES", failed.StatusName);
        Assert.Contains("clEnqueueNDRangeKernel(k) failed with CL_OUT_OF_RESOURCES", failed.Message, StringComparison.Ordinal);
    }

    [OpenCLFact]
    public void A_failed_build_carries_the_status_and_the_build_log()
    {
        var e = Assert.Throws<OpenCLException>(() => OpenCLRuntime.Program(Dev, "__kernel void broken(__global float* x) { x[0] = undefined_name; }"));
        Assert.Equal("CL_BUILD_PROGRAM_FAILURE", e.StatusName);
        Assert.Contains("clBuildProgram", e.Call, StringComparison.Ordinal);
        Assert.Contains("undefined_name", e.BuildLog, StringComparison.Ordinal);
        Assert.Contains("undefined_name", e.Message, StringComparison.Ordinal);
    }

    [OpenCLFact]
    public void Programs_build_once_per_source_and_launch_with_tensor_and_scalar_args()
    {
        const string source = """
            __kernel void axpy(__global float* y, int yo, __global const float* x, int xo, float a, int n) {
              int i = get_global_id(0);
              if (i < n) { y[yo + i] += a * x[xo + i]; }
            }
            """;
        var before = OpenCLRuntime.ProgramBuilds(Dev);
        var program = OpenCLRuntime.Program(Dev, source);
        Assert.Same(program, OpenCLRuntime.Program(Dev, source));
        Assert.Same(program, OpenCLRuntime.Program(Dev, new string(source.AsSpan())));
        Assert.Equal(before + 1, OpenCLRuntime.ProgramBuilds(Dev));
        Assert.NotSame(program, OpenCLRuntime.Program(Dev, source, "-cl-fast-relaxed-math"));

        var y = Tensor.Ones(10).To(Dev);
        var x = Tensor.Arange(0.0, 20.0).To(Dev);
        var view = x[10..];
        program.Launch("axpy", 10, y, view, 2f, 10);
        Assert.Equal(Enumerable.Range(10, 10).Select(i => 1 + (2f * i)).ToArray(), y.ToArray<float>());
        program.Launch("axpy", 0, y, view, 2f, 10);
        Assert.Throws<TensorDeviceException>(() => program.Launch("axpy", 10, Tensor.Ones(10), view, 2f, 10));
        var bad = Assert.Throws<OpenCLException>(() => program.Launch("nope", 10, y));
        Assert.Equal("CL_INVALID_KERNEL_NAME", bad.StatusName);
        OpenCLRuntime.Synchronize(Dev);
    }

    [OpenCLFact]
    public void Dispose_returns_memory_and_a_loop_with_dispose_leaks_nothing()
    {
        var x = Values(256, 256).To(Dev);
        var a = Values(256, 256).To(Dev);
        Step().Dispose();

        // Finalize earlier tests' garbage first, so only this loop can move the count.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var live = LiveBytes;
        for (var i = 0; i < 1000; i++)
        {
            using var y = Step();
        }

        Assert.Equal(live, LiveBytes);

        Tensor Step()
        {
            using var ax = a * x;
            using var axb = ax + 1.0;
            using var t = axb.Tanh();
            using var s = t.Sum(0);
            return t * s;
        }
    }

    [OpenCLFact]
    public void Without_dispose_the_gc_returns_device_memory()
    {
        var x = Values(128, 128).To(Dev);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var live = LiveBytes;
        Run(x);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.Equal(live, LiveBytes);
        GC.KeepAlive(x);

        static void Run(Tensor x)
        {
            for (var i = 0; i < 1000; i++)
            {
                _ = ((x * 2.0) + x).Tanh().Mean();
            }
        }
    }

    [OpenCLFact]
    public void Disposing_a_view_keeps_the_base_and_disposing_the_base_invalidates_views()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var live = LiveBytes;
        var b = Values(64, 64).To(Dev);
        var view = b.T;
        view.Dispose();
        using (var sum = b.Sum())
        {
            Assert.Equal(Values(64, 64).Sum().Item<float>(), sum.Item<float>(), 2);
        }

        b.Dispose();
        b.Dispose();
        Assert.Equal(live, LiveBytes);
        Assert.Throws<ObjectDisposedException>(() => view.ToArray<float>());
        Assert.Throws<ObjectDisposedException>(() => b + 1.0);
        Tensor.Ones(3).Dispose();
        Assert.True(OpenCLRuntime.PooledBytes(Dev) > 0);
    }
}

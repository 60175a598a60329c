using AutoDiffGen.Tests.OpenCL;

namespace AutoDiffGen.Tests.Fusion;

/// <summary>
/// Fused regions on an OpenCL device (PoCL in CI) run their OpenCL kernels; forward and backward they equal the CPU
/// twin within 1e-4 + 1e-4·|cpu| in float32, and so does the unfused op-by-op path on the device.
/// </summary>
[Collection("OpenCL")]
public class FusionOpenCLTests
{
    private static readonly Device _device = Device.OpenCL(0);

    public static TheoryData<int[], int[]> Shapes => new()
    {
        { [7], [7] },
        { [4, 3], [3] },
        { [4, 3], [] },
        { [2, 1, 5], [3, 1] },
        { [300, 500], [500] },
    };

    private static void Close(Tensor cpu, Tensor device)
    {
        Assert.Equal(_device, device.Device);
        Assert.Equal(cpu.Shape, device.Shape);
        var e = cpu.To(DType.Float64).ToArray<double>();
        var a = device.To(Device.Cpu).To(DType.Float64).ToArray<double>();
        for (var i = 0; i < e.Length; i++)
        {
            Assert.True(Math.Abs(e[i] - a[i]) <= 1e-4 + (1e-4 * Math.Abs(e[i])), $"element {i}: cpu {e[i]}, opencl {a[i]}");
        }
    }

    private static void Close(double cpu, double device) =>
        Assert.True(Math.Abs(cpu - device) <= 1e-3 * (1 + Math.Abs(cpu)), $"cpu {cpu}, opencl {device}");

    [OpenCLTheory]
    [MemberData(nameof(Shapes))]
    public void Chain_on_OpenCL_equals_the_cpu_twin_forward_and_backward(int[] xShape, int[] bShape)
    {
        var g = new Generator(21);
        var x = Tensor.Randn(xShape, DType.Float32, g);
        var b = Tensor.Randn(bShape, DType.Float32, g);
        var c = Tensor.Randn(bShape, DType.Float32, g) + 1.5;
        var (cpu, cpuPullback) = FusedFunctions.ChainWithPullback(x, 0.7, b, c);
        var adjoint = Tensor.Randn(cpu._shape, DType.Float32, g);
        var (cx, ca, cb, cc) = cpuPullback.Invoke(adjoint);
        foreach (var fused in new[] { true, false })
        {
            var (dx, db, dc, dadj) = (x.To(_device), b.To(_device), c.To(_device), adjoint.To(_device));
            Tensor value;
            (Tensor, double, Tensor, Tensor) grads;
            if (fused)
            {
                var (v, pullback) = FusedFunctions.ChainWithPullback(dx, 0.7, db, dc);
                (value, grads) = (v, pullback.Invoke(dadj));
            }
            else
            {
                var (v, pullback) = FusedFunctions.ChainUnfusedWithPullback(dx, 0.7, db, dc);
                (value, grads) = (v, pullback.Invoke(dadj));
            }

            Close(cpu, value);
            var (gx, ga, gb, gc) = grads;
            Close(cx, gx);
            Close(ca, ga);
            Close(cb, gb);
            Close(cc, gc);
        }
    }

    [OpenCLTheory]
    [MemberData(nameof(Shapes))]
    public void Activations_powers_and_quotients_on_OpenCL_equal_the_cpu_twin(int[] xShape, int[] yShape)
    {
        var g = new Generator(22);
        var x = Tensor.Randn(xShape, DType.Float32, g);
        var y = Tensor.Randn(yShape, DType.Float32, g);
        var (dx, dy) = (x.To(_device), y.To(_device));

        var (a, aPullback) = FusedFunctions.ActivationsWithPullback(x, y);
        var (da, daPullback) = FusedFunctions.ActivationsWithPullback(dx, dy);
        Close(a, da);
        var adjoint = Tensor.Randn(a._shape, DType.Float32, g);
        var (ax, ay) = aPullback.Invoke(adjoint);
        var (gx, gy) = daPullback.Invoke(adjoint.To(_device));
        Close(ax, gx);
        Close(ay, gy);

        var (p, pPullback) = FusedFunctions.PowersWithPullback(x, 1.7);
        var (dp, dpPullback) = FusedFunctions.PowersWithPullback(dx, 1.7);
        Close(p, dp);
        var pAdjoint = Tensor.Randn(p._shape, DType.Float32, g);
        var (px, pp) = pPullback.Invoke(pAdjoint);
        var (qx, qp) = dpPullback.Invoke(pAdjoint.To(_device));
        Close(px, qx);
        Close(pp, qp);

        var (q, qPullback) = FusedFunctions.QuotientsWithPullback(x, y);
        var (dq, dqPullback) = FusedFunctions.QuotientsWithPullback(dx, dy);
        Close(q, dq);
        var qAdjoint = Tensor.Randn(q._shape, DType.Float32, g);
        var (rx, ry) = qPullback.Invoke(qAdjoint);
        var (sx, sy) = dqPullback.Invoke(qAdjoint.To(_device));
        Close(rx, sx);
        Close(ry, sy);
    }

    [OpenCLFact]
    public void A_loss_ending_in_Mean_runs_on_OpenCL_with_its_gradient()
    {
        var g = new Generator(23);
        var w = Tensor.Randn([3, 4], DType.Float32, g);
        var x = Tensor.Randn([5, 3], DType.Float32, g);
        var (loss, dw) = FusedFunctions.SharedWithGradient(w, x);
        var (deviceLoss, deviceDw) = FusedFunctions.SharedWithGradient(w.To(_device), x.To(_device));
        Close(loss, deviceLoss);
        Close(dw, deviceDw);
    }

    [OpenCLFact]
    public void A_fused_region_with_operands_on_two_devices_names_both()
    {
        var x = Tensor.Randn([4, 3], DType.Float32, new Generator(24));
        var error = Assert.Throws<TensorDeviceException>(() => FusedFunctions.ChainWithPullback(x.To(_device), 0.7, Tensor.Ones(3), Tensor.Ones(3)));
        Assert.Contains("opencl:0", error.Message, StringComparison.Ordinal);
        Assert.Contains("cpu", error.Message, StringComparison.Ordinal);
    }
}

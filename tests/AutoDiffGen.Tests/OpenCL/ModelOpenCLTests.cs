using AutoDiffGen.Tests.Modules;

namespace AutoDiffGen.Tests.OpenCL;

/// <summary>A model moved to the OpenCL device trains like its CPU twin: forward, backward and optimizer steps on the device.</summary>
[Collection("OpenCL")]
public sealed class ModelOpenCLTests
{
    [OpenCLFact]
    public void ToMovesParametersInPlace()
    {
        var model = new Mlp(4, 6, 3);
        var weight = model.Fc1.Weight;
        var values = weight.ToArray<float>();
        model.To(OpenCLTestKit.Dev);
        Assert.Same(weight, model.Fc1.Weight);
        Assert.Equal(OpenCLTestKit.Dev, weight.Device);
        Assert.All(model.Parameters(), p => Assert.Equal(OpenCLTestKit.Dev, p.Device));
        Assert.Equal(values, weight.ToArray<float>());
        model.To(Device.Cpu);
        Assert.Equal(Device.Cpu, weight.Device);
        Assert.Equal(values, weight.ToArray<float>());
    }

    [OpenCLFact]
    public void AnMlpTrainsOnTheDeviceLikeOnTheCpu()
    {
        var cpu = new Mlp(8, 16, 4);
        var device = new Mlp(8, 16, 4);
        device.LoadStateDict(cpu.StateDict());
        device.To(OpenCLTestKit.Dev);
        var x = Tensor.Randn([32, 8], DType.Float32, new Generator(3));
        var y = x[.., ..4].ArgMax(1);
        var xd = x.To(OpenCLTestKit.Dev);
        var yd = y.To(OpenCLTestKit.Dev);
        var optCpu = new Sgd(cpu.Parameters(), lr: 0.1, momentum: 0.9);
        var optDevice = new Sgd(device.Parameters(), lr: 0.1, momentum: 0.9);
        for (var step = 0; step < 5; step++)
        {
            // A step's loss is overwritten by the next call of the same step (its static output): read it first.
            var expected = Steps.MlpStep(cpu, optCpu, x, y).Item<float>();
            var actual = Steps.MlpStep(device, optDevice, xd, yd);
            Assert.Equal(OpenCLTestKit.Dev, actual.Device);
            Assert.Equal(expected, actual.Item<float>(), 1e-4);
        }

        foreach (var ((name, a), (_, b)) in cpu.NamedParameters().Zip(device.NamedParameters()))
        {
            Assert.Equal(OpenCLTestKit.Dev, b.Device);
            OpenCLTestKit.AssertClose(a, b);
        }
    }

    [OpenCLFact]
    public void PlainSgdStepsFuseTheUpdateOnTheDeviceAndMatchTheUnfusedUpdate()
    {
        // Plain SGD inside the generated step: each Linear weight is written by the device matmul's update form
        // (W ← W − lr·dYᵀX) instead of a gradient then an update. Two float32 roundings instead of one, and the
        // device compiler may contract either form into an FMA: equal to 1e-4 (AssertClose), not bit for bit.
        var fused = new Mlp(8, 16, 4);
        var plain = new Mlp(8, 16, 4);
        plain.LoadStateDict(fused.StateDict());
        fused.To(OpenCLTestKit.Dev);
        plain.To(OpenCLTestKit.Dev);
        var x = Tensor.Randn([32, 8], DType.Float32, new Generator(5)).To(OpenCLTestKit.Dev);
        var y = Tensor.RandInt(4, [32], new Generator(6)).To(OpenCLTestKit.Dev);
        var optFused = new Sgd(fused.Parameters(), lr: 0.1);
        var optPlain = new Sgd(plain.Parameters(), lr: 0.1);
        for (var step = 0; step < 5; step++)
        {
            var expected = Objectives.LossWithGradient(plain, x, y);
            optPlain.Step(expected.Gradient);
            var loss = Steps.MlpStep(fused, optFused, x, y).Item<float>();
            Assert.Equal(expected.Value.Item<float>(), loss, 1e-4);
        }

        foreach (var ((_, a), (_, b)) in plain.NamedParameters().Zip(fused.NamedParameters()))
        {
            OpenCLTestKit.AssertClose(a.To(Device.Cpu).To(OpenCLTestKit.Dev), b);
        }

        // Inside a scope the device weight gradient is the zero placeholder; the weights move only through Step.
        using (AutoDiffGen.Internal.FusedUpdate.Begin(optFused))
        {
            var before = fused.Fc1.Weight.ToArray<float>();
            var (_, gradient) = Objectives.LossWithGradient(fused, x, y);
            Assert.Equal(OpenCLTestKit.Dev, gradient.Fc1!.Weight!.Device);
            Assert.All(gradient.Fc1.Weight.ToArray<float>(), v => Assert.Equal(0f, v));
            Assert.Equal(before, fused.Fc1.Weight.ToArray<float>());
            optFused.Step(gradient);
            Assert.NotEqual(before, fused.Fc1.Weight.ToArray<float>());
        }
    }
}

using AutoDiffGen.Tests.Modules;

namespace AutoDiffGen.Tests.OpenCL;

/// <summary>A model moved to the OpenCL device trains like its CPU twin: forward, backward and optimizer steps on the device.</summary>
[Collection("OpenCL")]
public sealed class ModelOpenCLTests
{
    [Fact]
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

    [Fact]
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
}

using AutoDiffGen.Tests.OpenCL;
using static AutoDiffGen.Tests.Serialization.SafeTensorsKit;

namespace AutoDiffGen.Tests.Serialization;

/// <summary>Checkpoints of tensors on an OpenCL device (PoCL in CI): saved through the host, loaded onto the device.</summary>
[Collection("OpenCL")]
public class SafeTensorsOpenCLTests
{
    [OpenCLFact]
    public void Device_tensors_and_device_views_save_exactly_like_their_host_copies()
    {
        var weight = OpenCLTestKit.Values(3, 4);
        var mask = Tensor.FromArray(new[] { true, false, true }, [3]);
        var expected = SafeTensors.Serialize(new Dictionary<string, Tensor> { ["w"] = weight, ["wt"] = weight.T, ["m"] = mask });

        using var onDevice = weight.To(OpenCLTestKit.Dev);
        using var maskOnDevice = mask.To(OpenCLTestKit.Dev);
        var transposed = onDevice.T;
        Assert.False(transposed.IsContiguous);
        var actual = SafeTensors.Serialize(new Dictionary<string, Tensor> { ["w"] = onDevice, ["wt"] = transposed, ["m"] = maskOnDevice });
        Assert.Equal(expected, actual);
        Assert.Equal(OpenCLTestKit.Dev, onDevice.Device);
    }

    [OpenCLFact]
    public void Load_puts_tensors_on_the_device_asked_for_and_load_into_fills_device_tensors()
    {
        var weight = OpenCLTestKit.Values(2, 5);
        using var dir = new TempDirectory();
        var path = dir.File("w.safetensors");
        SafeTensors.Save(path, [new("w", weight)]);

        var loaded = SafeTensors.Load(path, OpenCLTestKit.Dev)["w"];
        Assert.Equal(OpenCLTestKit.Dev, loaded.Device);
        AssertIdentical(weight, loaded.To(Device.Cpu));
        loaded.Dispose();

        using var destination = Tensor.Zeros([2, 5], DType.Float32, OpenCLTestKit.Dev);
        SafeTensors.LoadInto(path, [new("w", destination)]);
        Assert.Equal(OpenCLTestKit.Dev, destination.Device);
        AssertIdentical(weight, destination.To(Device.Cpu));
    }
}

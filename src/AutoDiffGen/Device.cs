namespace AutoDiffGen;

/// <summary>The kind of device a tensor's memory lives on.</summary>
public enum DeviceType
{
    Cpu,
    OpenCL,
}

/// <summary>
/// Where a tensor lives. <see cref="Cpu"/> is the default and needs nothing installed; OpenCL devices are added by
/// the OpenCL backend. Devices compare by value, so <c>t.Device == Device.Cpu</c> works.
/// </summary>
public sealed record Device(DeviceType Type, int Index = 0)
{
    /// <summary>The host CPU: the default device.</summary>
    public static Device Cpu { get; } = new(DeviceType.Cpu);

    /// <summary>The OpenCL device with the given index (in platform, then device order).</summary>
    public static Device OpenCL(int index = 0) => new(DeviceType.OpenCL, index);

    /// <summary>PyTorch's spelling: <c>cpu</c>, <c>opencl:0</c>.</summary>
    public override string ToString() => Type == DeviceType.Cpu ? "cpu" : $"opencl:{Index}";
}

namespace AutoDiffGen.OpenCL;

/// <summary>One OpenCL device as the installed platforms report it; <see cref="Index"/> is what <c>Device.OpenCL(index)</c> takes.</summary>
/// <param name="Index">The position in platform order, then device order: <c>opencl:Index</c>.</param>
/// <param name="Name">The device's name, e.g. <c>pthread-skylake-avx512</c> or <c>NVIDIA H100</c>.</param>
/// <param name="Platform">The platform's name, e.g. <c>Portable Computing Language</c>.</param>
/// <param name="Version">The device's OpenCL version string.</param>
/// <param name="SupportsFloat64">Whether the device has <c>cl_khr_fp64</c>, which float64 tensors need.</param>
/// <param name="GlobalMemoryBytes">The device's global memory.</param>
/// <param name="MaxWorkGroupSize">The largest work-group the device runs.</param>
public sealed record OpenCLDeviceInfo(
    int Index, string Name, string Platform, string Version, bool SupportsFloat64, long GlobalMemoryBytes, int MaxWorkGroupSize)
{
    /// <summary>The device to pass to <c>tensor.To(device)</c>.</summary>
    public Device Device => Device.OpenCL(Index);

    public override string ToString() => $"opencl:{Index} {Name} ({Platform})";
}

namespace AutoDiffGen.OpenCL;

/// <summary>
/// The runtime side of OpenCL devices that generated code (fused kernels) calls: compiled programs, device
/// tensors, synchronisation and memory statistics.
/// </summary>
public static class OpenCLRuntime
{
    /// <summary>
    /// The program compiled from <paramref name="source"/> (OpenCL C 1.2) with <paramref name="options"/> for
    /// <paramref name="device"/>, built once per device and source: later calls with the same text return the
    /// cached program (keyed by a SHA-256 of options and source). A failed build throws an
    /// <see cref="OpenCLException"/> carrying the build log.
    /// </summary>
    public static OpenCLProgram Program(Device device, string source, string options = "")
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        return Context(device).Program(source, options);
    }

    /// <summary>The installed OpenCL devices (empty when no platform is installed).</summary>
    public static IReadOnlyList<OpenCLDeviceInfo> Devices => OpenCLPlatform.Devices;

    /// <summary>Facts about one OpenCL device (name, fp64 support, memory).</summary>
    public static OpenCLDeviceInfo Info(Device device) => Context(device).Info;

    /// <summary>Waits until every command queued on <paramref name="device"/> has finished (like <c>torch.cuda.synchronize()</c>).</summary>
    public static void Synchronize(Device device) => Context(device).Finish();

    /// <summary>Bytes of device buffers held by live tensors on <paramref name="device"/> (bucket sizes).</summary>
    public static long LiveBytes(Device device) => Context(device).Pool.LiveBytes;

    /// <summary>Bytes of freed buffers that the caching allocator keeps for reuse on <paramref name="device"/>.</summary>
    public static long PooledBytes(Device device) => Context(device).Pool.PooledBytes;

    /// <summary>Releases the cached free buffers of <paramref name="device"/> to the driver (like <c>torch.cuda.empty_cache()</c>).</summary>
    public static void EmptyCache(Device device) => Context(device).Pool.EmptyCache();

    /// <summary>How many programs have been compiled for <paramref name="device"/> so far.</summary>
    public static int ProgramBuilds(Device device) => Context(device).ProgramBuilds;

    /// <summary>The OpenCL C type name of a dtype (<c>float</c>, <c>double</c>, <c>long</c>, <c>int</c>, <c>uchar</c> for bool).</summary>
    public static string CType(DType dtype) => OpenCLSources.CType(dtype);

    internal static OpenCLContext Context(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.Type == DeviceType.OpenCL
            ? OpenCLPlatform.Context(device)
            : throw new ArgumentException($"{device} is not an OpenCL device.", nameof(device));
    }
}

using Silk.NET.OpenCL;

namespace AutoDiffGen.OpenCL;

/// <summary>
/// Loads the OpenCL library on first use (never before, so the CPU path needs nothing installed), enumerates the
/// devices of every platform, and keeps one context per device.
/// </summary>
internal static unsafe class OpenCLPlatform
{
    private const uint DeviceTypeAll = 0xFFFFFFFF;
    private const uint PlatformName = 0x0902;
    private const uint DeviceMaxWorkGroupSize = 0x1004;
    private const uint DeviceGlobalMemSize = 0x101F;
    private const uint DeviceName = 0x102B;
    private const uint DeviceVersion = 0x102F;
    private const uint DeviceExtensions = 0x1030;

    private static readonly Lazy<State> _state = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lock _contextsLock = new();
    private static OpenCLContext?[]? _contexts;

    /// <summary>The devices of every platform, or an empty list when there is no platform.</summary>
    public static IReadOnlyList<OpenCLDeviceInfo> Devices => _state.Value.Devices;

    /// <summary>The bindings; throws the "no OpenCL platform found" error when none is installed.</summary>
    public static CL Api => _state.Value.Api ?? throw OpenCLException.NoPlatform(_state.Value.Error);

    /// <summary>The context of an OpenCL device, created on first use.</summary>
    public static OpenCLContext Context(Device device)
    {
        var state = _state.Value;
        if (state.Api is null)
        {
            throw OpenCLException.NoPlatform(state.Error);
        }

        if (device.Type != DeviceType.OpenCL || (uint)device.Index >= (uint)state.Devices.Length)
        {
            throw new ArgumentOutOfRangeException(
                nameof(device),
                $"{device} does not exist: the OpenCL platforms have {state.Devices.Length} device(s) ({string.Join(", ", state.Devices)}).");
        }

        var contexts = _contexts;
        if (contexts?[device.Index] is { } existing)
        {
            return existing;
        }

        lock (_contextsLock)
        {
            _contexts ??= new OpenCLContext?[state.Devices.Length];
            return _contexts[device.Index] ??= new OpenCLContext(state.Api, state.Handles[device.Index], state.Devices[device.Index]);
        }
    }

    private static State Load()
    {
        CL api;
        try
        {
            api = CL.GetApi();
        }
        catch (Exception e) when (e is FileNotFoundException or DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
        {
            return new State(null, [], [], "the OpenCL library (libOpenCL.so.1 / OpenCL.dll) could not be loaded: " + e.Message);
        }

        uint count;
        var status = api.GetPlatformIDs(0, null, &count);
        if (status == ClStatus.PlatformNotFoundKhr || count == 0)
        {
            return new State(null, [], [], "the OpenCL loader found no installed ICD");
        }

        ClStatus.Check(status, "clGetPlatformIDs");
        var platforms = new nint[count];
        fixed (nint* p = platforms)
        {
            ClStatus.Check(api.GetPlatformIDs(count, p, null), "clGetPlatformIDs");
        }

        var infos = new List<OpenCLDeviceInfo>();
        var handles = new List<nint>();
        foreach (var platform in platforms)
        {
            var platformName = PlatformString(api, platform, PlatformName);
            uint n;
            if (api.GetDeviceIDs(platform, (Silk.NET.OpenCL.DeviceType)DeviceTypeAll, 0, null, &n) != ClStatus.Success || n == 0)
            {
                continue;
            }

            var devices = new nint[n];
            fixed (nint* d = devices)
            {
                ClStatus.Check(api.GetDeviceIDs(platform, (Silk.NET.OpenCL.DeviceType)DeviceTypeAll, n, d, null), "clGetDeviceIDs");
            }

            foreach (var device in devices)
            {
                var extensions = DeviceString(api, device, DeviceExtensions);
                infos.Add(new OpenCLDeviceInfo(
                    infos.Count,
                    DeviceString(api, device, DeviceName).Trim(),
                    platformName.Trim(),
                    DeviceString(api, device, DeviceVersion).Trim(),
                    extensions.Contains("cl_khr_fp64", StringComparison.Ordinal),
                    (long)DeviceULong(api, device, DeviceGlobalMemSize),
                    (int)Math.Min(DeviceSize(api, device, DeviceMaxWorkGroupSize), int.MaxValue)));
                handles.Add(device);
            }
        }

        return infos.Count == 0
            ? new State(null, [], [], "the OpenCL platforms have no devices")
            : new State(api, [.. infos], [.. handles], null);
    }

    private static string PlatformString(CL api, nint platform, uint param)
    {
        nuint size;
        ClStatus.Check(api.GetPlatformInfo(platform, (PlatformInfo)param, 0, null, &size), "clGetPlatformInfo");
        var bytes = new byte[(int)size];
        fixed (byte* b = bytes)
        {
            ClStatus.Check(api.GetPlatformInfo(platform, (PlatformInfo)param, size, b, null), "clGetPlatformInfo");
        }

        return System.Text.Encoding.UTF8.GetString(bytes).TrimEnd('\0');
    }

    private static string DeviceString(CL api, nint device, uint param)
    {
        nuint size;
        ClStatus.Check(api.GetDeviceInfo(device, (DeviceInfo)param, 0, null, &size), "clGetDeviceInfo");
        var bytes = new byte[(int)size];
        fixed (byte* b = bytes)
        {
            ClStatus.Check(api.GetDeviceInfo(device, (DeviceInfo)param, size, b, null), "clGetDeviceInfo");
        }

        return System.Text.Encoding.UTF8.GetString(bytes).TrimEnd('\0');
    }

    private static ulong DeviceULong(CL api, nint device, uint param)
    {
        ulong value;
        ClStatus.Check(api.GetDeviceInfo(device, (DeviceInfo)param, sizeof(ulong), &value, null), "clGetDeviceInfo");
        return value;
    }

    private static ulong DeviceSize(CL api, nint device, uint param)
    {
        nuint value;
        ClStatus.Check(api.GetDeviceInfo(device, (DeviceInfo)param, (nuint)sizeof(nuint), &value, null), "clGetDeviceInfo");
        return value;
    }

    private sealed record State(CL? Api, OpenCLDeviceInfo[] Devices, nint[] Handles, string? Error);
}

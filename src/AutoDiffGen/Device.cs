using System.Globalization;
using AutoDiffGen.OpenCL;

namespace AutoDiffGen;

/// <summary>The kind of device a tensor's memory lives on.</summary>
public enum DeviceType
{
    Cpu,
    OpenCL,
}

/// <summary>
/// Where a tensor lives. <see cref="Cpu"/> is the default and needs nothing installed; <c>Device.OpenCL(0)</c> is
/// the first device of the installed OpenCL platforms (PoCL, NVIDIA, AMD, Intel). Devices compare by value, so
/// <c>t.Device == Device.Cpu</c> works.
/// </summary>
public sealed record Device(DeviceType Type, int Index = 0)
{
    private static Device? _default;

    /// <summary>The host CPU: the default device.</summary>
    public static Device Cpu { get; } = new(DeviceType.Cpu);

    /// <summary>
    /// The device named by the environment variable <c>AUTODIFFGEN_DEVICE</c> (<c>cpu</c>, <c>opencl</c>,
    /// <c>opencl:1</c> or <c>opencl:&lt;name&gt;</c>, see <see cref="Parse"/>), or <see cref="Cpu"/> when it is unset.
    /// Read once.
    /// </summary>
    public static Device Default => _default ??= FromEnvironment();

    /// <summary>The installed OpenCL devices with their names; empty when no OpenCL platform is installed.</summary>
    public static IReadOnlyList<OpenCLDeviceInfo> OpenCLDevices => OpenCLPlatform.Devices;

    /// <summary>The OpenCL device with the given index (in platform, then device order), like <c>opencl:0</c>.</summary>
    public static Device OpenCL(int index = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new(DeviceType.OpenCL, index);
    }

    /// <summary>
    /// The first OpenCL device whose name or platform name contains <paramref name="nameSubstring"/> (ignoring
    /// case), e.g. <c>Device.OpenCL("pthread")</c> or <c>Device.OpenCL("NVIDIA")</c>.
    /// </summary>
    public static Device OpenCL(string nameSubstring)
    {
        ArgumentNullException.ThrowIfNull(nameSubstring);
        _ = OpenCLPlatform.Api;
        foreach (var info in OpenCLPlatform.Devices)
        {
            if (info.Name.Contains(nameSubstring, StringComparison.OrdinalIgnoreCase)
                || info.Platform.Contains(nameSubstring, StringComparison.OrdinalIgnoreCase))
            {
                return OpenCL(info.Index);
            }
        }

        throw new ArgumentException(
            $"No OpenCL device's name or platform contains '{nameSubstring}'; the devices are: {string.Join(", ", OpenCLPlatform.Devices)}.",
            nameof(nameSubstring));
    }

    /// <summary>
    /// Reads PyTorch-style device strings: <c>cpu</c>, <c>opencl</c> (device 0), <c>opencl:1</c>, or
    /// <c>opencl:&lt;name&gt;</c> (the first device whose name or platform contains it).
    /// </summary>
    public static Device Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        if (s.Equals("cpu", StringComparison.OrdinalIgnoreCase))
        {
            return Cpu;
        }

        if (s.Equals("opencl", StringComparison.OrdinalIgnoreCase))
        {
            return OpenCL(0);
        }

        const string prefix = "opencl:";
        if (s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && s.Length > prefix.Length)
        {
            var rest = s[prefix.Length..];
            return int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? OpenCL(index) : OpenCL(rest);
        }

        throw new FormatException($"'{text}' is not a device; expected 'cpu', 'opencl', 'opencl:<index>' or 'opencl:<name>'.");
    }

    /// <summary>PyTorch's spelling: <c>cpu</c>, <c>opencl:0</c>.</summary>
    public override string ToString() => Type == DeviceType.Cpu ? "cpu" : $"opencl:{Index}";

    private static Device FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable("AUTODIFFGEN_DEVICE");
        return string.IsNullOrWhiteSpace(value) ? Cpu : Parse(value);
    }
}

using AutoDiffGen.OpenCL;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace AutoDiffGen.Tests.OpenCL;

/// <summary>
/// A fact that needs an OpenCL device. Without one it is skipped with <see cref="OpenCLAvailability.SkipReason"/>,
/// so the README's <c>dotnet test</c> passes on a machine with only the .NET SDK; with <c>CI=true</c> (CI installs
/// PoCL) it is never skipped, so a missing or broken platform fails the run loudly.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class OpenCLFactAttribute : FactAttribute
{
    public OpenCLFactAttribute()
    {
        if (OpenCLAvailability.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that needs an OpenCL device; skipped like <see cref="OpenCLFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class OpenCLTheoryAttribute : TheoryAttribute
{
    public OpenCLTheoryAttribute()
    {
        if (OpenCLAvailability.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>Whether the OpenCL tests can run here, decided once per test run.</summary>
internal static class OpenCLAvailability
{
    public const string Reason = "OpenCL: no platform found (install pocl-opencl-icd ocl-icd-libopencl1); required when CI=true";

    private static readonly Lazy<string?> _skipReason = new(Probe, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The one-line reason to skip, or null when the tests must run (a device exists, or CI=true).</summary>
    public static string? SkipReason => _skipReason.Value;

    private static string? Probe()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.Ordinal))
        {
            return null;
        }

        bool available;
        try
        {
            // The runtime's own probe: loads the library on first use and lists every platform's devices, empty when
            // there is no library or no ICD.
            available = OpenCLRuntime.Devices.Count > 0;
        }
        catch (Exception e)
        {
            // An attribute constructor must not throw (xunit would report the test class, not the reason); a
            // platform that exists but cannot be enumerated counts as absent here, and fails loudly under CI=true.
            return Reason + " [" + e.GetType().Name + ": " + e.Message.ReplaceLineEndings(" ") + "]";
        }

        return available ? null : Reason;
    }
}

/// <summary>
/// The OpenCL collection's fixture: prints the skip reason once per run, as an xunit diagnostic message, which
/// <c>dotnet test</c> shows as a warning at its default verbosity (xunit.runner.json turns them on); console output
/// from the test host would not reach the log.
/// </summary>
public sealed class OpenCLNotice
{
    public OpenCLNotice(IMessageSink diagnostics)
    {
        if (OpenCLAvailability.SkipReason is { } reason)
        {
            diagnostics.OnMessage(new DiagnosticMessage(reason));
        }
    }
}

namespace AutoDiffGen;

/// <summary>
/// An OpenCL call failed, or no OpenCL platform is installed. <see cref="StatusName"/> is the OpenCL status
/// (e.g. <c>CL_OUT_OF_RESOURCES</c>) and <see cref="Call"/> the API call that returned it; a failed program build
/// carries the compiler's <see cref="BuildLog"/>.
/// </summary>
public sealed class OpenCLException : Exception
{
    public OpenCLException(string message)
        : base(message)
    {
        StatusName = "";
        Call = "";
    }

    public OpenCLException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusName = "";
        Call = "";
    }

    public OpenCLException()
        : this("OpenCL error.")
    {
    }

    internal OpenCLException(int status, string call, string? detail = null, string? buildLog = null)
        : base(FormatMessage(status, call, detail, buildLog))
    {
        Status = status;
        StatusName = OpenCL.ClStatus.Name(status);
        Call = call;
        BuildLog = buildLog;
    }

    /// <summary>The OpenCL status code (negative), or 0 when the error is not a failed call.</summary>
    public int Status { get; }

    /// <summary>The status's name, e.g. <c>CL_OUT_OF_RESOURCES</c>; empty when the error is not a failed call.</summary>
    public string StatusName { get; }

    /// <summary>The OpenCL call that failed, e.g. <c>clEnqueueNDRangeKernel(bin_add_f32)</c>.</summary>
    public string Call { get; }

    /// <summary>The compiler's log when a program failed to build, else null.</summary>
    public string? BuildLog { get; }

    /// <summary>The error for a machine with no OpenCL platform (no ICD loader, or a loader with no ICDs).</summary>
    internal static OpenCLException NoPlatform(string? reason = null) => new(
        "no OpenCL platform found; install an ICD, e.g. `apt-get install pocl-opencl-icd ocl-icd-libopencl1`, or use Device.Cpu"
        + (reason is null ? "." : $". ({reason})"));

    private static string FormatMessage(int status, string call, string? detail, string? buildLog)
    {
        var message = $"{call} failed with {OpenCL.ClStatus.Name(status)} ({status})";
        if (detail is not null)
        {
            message += ": " + detail;
        }

        return buildLog is null ? message + "." : message + ". Build log:\n" + buildLog;
    }
}

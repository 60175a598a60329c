using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Silk.NET.OpenCL;

namespace AutoDiffGen.OpenCL;

/// <summary>
/// Everything one device needs: a context, one in-order command queue (so a buffer returned to the pool can be
/// reused at once: later commands run after the ones that still read it), the buffer pool and the program cache.
/// </summary>
internal sealed unsafe class OpenCLContext
{
    private readonly ConcurrentDictionary<string, Lazy<OpenCLProgram>> _programs = new(StringComparer.Ordinal);

    // Generated code passes the same string object on every call: finding it by reference skips hashing the text.
    private readonly ConcurrentDictionary<string, OpenCLProgram> _bySourceReference = new(ReferenceEqualityComparer.Instance);
    private readonly OpenCLProgram?[] _builtins = new OpenCLProgram?[6];
    private int _programBuilds;

    public OpenCLContext(CL api, nint device, OpenCLDeviceInfo info)
    {
        Api = api;
        DeviceHandle = device;
        Info = info;
        Device = Device.OpenCL(info.Index);
        int status;
        Handle = api.CreateContext(null, 1, &device, default, null, &status);
        ClStatus.Check(status, $"clCreateContext({Device})");
        Queue = api.CreateCommandQueue(Handle, device, (CommandQueueProperties)0, &status);
        ClStatus.Check(status, $"clCreateCommandQueue({Device})");
        Pool = new OpenCLBufferPool(this);
        WorkGroupSize = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Min(256, Math.Max(1, info.MaxWorkGroupSize)) + 1) / 2;
        Tile = WorkGroupSize >= 256 ? 16 : WorkGroupSize >= 64 ? 8 : 4;
    }

    public CL Api { get; }

    public nint Handle { get; }

    public nint DeviceHandle { get; }

    public nint Queue { get; }

    public Device Device { get; }

    public OpenCLDeviceInfo Info { get; }

    public OpenCLBufferPool Pool { get; }

    /// <summary>The work-group size the built-in kernels use: 256, or the largest power of two the device allows.</summary>
    public int WorkGroupSize { get; }

    /// <summary>The matmul tile edge: TS×TS work-items per group.</summary>
    public int Tile { get; }

    /// <summary>The built-in kernels for one dtype, compiled on first use.</summary>
    public OpenCLProgram Ops(DType dtype, string op)
    {
        CheckDType(dtype, op);
        return _builtins[(int)dtype] ??= Program(OpenCLSources.Ops(dtype, Tile), "");
    }

    /// <summary>The conversion and copy kernels between every pair of dtypes.</summary>
    public OpenCLProgram Converts => _builtins[5] ??= Program(OpenCLSources.Convert(Info.SupportsFloat64), "");

    /// <summary>How many programs this context has compiled (tests check that the cache builds each once).</summary>
    public int ProgramBuilds => Volatile.Read(ref _programBuilds);

    /// <summary>The program for a source text and build options, compiled once per context.</summary>
    public OpenCLProgram Program(string source, string options)
    {
        if (options.Length == 0 && _bySourceReference.TryGetValue(source, out var known))
        {
            return known;
        }

        var program = ProgramByHash(source, options);
        if (options.Length == 0)
        {
            _bySourceReference.TryAdd(source, program);
        }

        return program;
    }

    private OpenCLProgram ProgramByHash(string source, string options)
    {
        var key = Hash(source, options);
        var lazy = _programs.GetOrAdd(key, _ => new Lazy<OpenCLProgram>(() => Build(source, options), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failed build is not cached, so a fixed source (or a retry after freeing memory) builds again.
            _programs.TryRemove(new KeyValuePair<string, Lazy<OpenCLProgram>>(key, lazy));
            throw;
        }
    }

    /// <summary>Refuses float64 on a device without cl_khr_fp64, naming the op and the device.</summary>
    public void CheckDType(DType dtype, string op)
    {
        if (dtype == DType.Float64 && !Info.SupportsFloat64)
        {
            throw new NotSupportedException(
                $"{op}: float64 is not supported on {Device} ({Info.Name}): the device lacks cl_khr_fp64. Use DType.Float32.");
        }
    }

    /// <summary>Waits until every queued command has finished.</summary>
    public void Finish() => ClStatus.Check(Api.Finish(Queue), $"clFinish({Device})");

    /// <summary>Copies host memory into a buffer; blocking, so the caller may reuse its memory at once.</summary>
    public void Write(nint buffer, long byteOffset, void* source, long bytes)
    {
        if (bytes > 0)
        {
            ClStatus.Check(
                Api.EnqueueWriteBuffer(Queue, buffer, true, (nuint)byteOffset, (nuint)bytes, source, 0, null, null),
                $"clEnqueueWriteBuffer({Device}, {bytes} bytes)");
        }
    }

    /// <summary>Copies a buffer into host memory, waiting for the commands before it.</summary>
    public void Read(nint buffer, long byteOffset, void* destination, long bytes)
    {
        if (bytes > 0)
        {
            ClStatus.Check(
                Api.EnqueueReadBuffer(Queue, buffer, true, (nuint)byteOffset, (nuint)bytes, destination, 0, null, null),
                $"clEnqueueReadBuffer({Device}, {bytes} bytes)");
        }
    }

    private OpenCLProgram Build(string source, string options)
    {
        var bytes = Encoding.UTF8.GetBytes(source);
        int status;
        nint program;
        fixed (byte* s = bytes)
        {
            var strings = s;
            var length = (nuint)bytes.Length;
            program = Api.CreateProgramWithSource(Handle, 1, &strings, &length, &status);
        }

        ClStatus.Check(status, $"clCreateProgramWithSource({Device})");
        var device = DeviceHandle;
        status = Api.BuildProgram(program, 1, &device, options, default, null);
        if (status != ClStatus.Success)
        {
            var log = BuildLog(program);
            Api.ReleaseProgram(program);
            throw new OpenCLException(status, $"clBuildProgram({Device})", $"the OpenCL C source did not compile (options '{options}')", log);
        }

        Interlocked.Increment(ref _programBuilds);
        return new OpenCLProgram(this, program);
    }

    private string BuildLog(nint program)
    {
        const uint programBuildLog = 0x1183;
        nuint size;
        if (Api.GetProgramBuildInfo(program, DeviceHandle, (ProgramBuildInfo)programBuildLog, 0, null, &size) != ClStatus.Success)
        {
            return "(no build log)";
        }

        var log = new byte[(int)size];
        fixed (byte* l = log)
        {
            Api.GetProgramBuildInfo(program, DeviceHandle, (ProgramBuildInfo)programBuildLog, size, l, null);
        }

        return Encoding.UTF8.GetString(log).TrimEnd('\0');
    }

    private static string Hash(string source, string options)
    {
        var bytes = Encoding.UTF8.GetBytes(options + "\n\0" + source);
        return Convert.ToHexString(SHA256.HashData(bytes));
    }
}

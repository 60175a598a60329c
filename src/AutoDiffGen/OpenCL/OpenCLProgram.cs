using System.Collections.Concurrent;

namespace AutoDiffGen.OpenCL;

/// <summary>
/// A compiled OpenCL program on one device, from <see cref="OpenCLRuntime.Program"/>. Its kernels are created on
/// first launch and cached; launching is safe from several threads (a cl_kernel's arguments are shared state, so
/// setting them and enqueueing happen under the kernel's lock).
/// </summary>
public sealed unsafe class OpenCLProgram
{
    private readonly OpenCLContext _context;
    private readonly ConcurrentDictionary<string, Kernel> _kernels = new(StringComparer.Ordinal);

    internal OpenCLProgram(OpenCLContext context, nint handle)
    {
        _context = context;
        Handle = handle;
    }

    /// <summary>The device the program runs on.</summary>
    public Device Device => _context.Device;

    internal nint Handle { get; }

    /// <summary>
    /// Queues <paramref name="kernelName"/> over <paramref name="globalSize"/> work-items (one dimension; the
    /// implementation picks the work-group size) and returns without waiting. A <see cref="Tensor"/> argument fills
    /// two kernel parameters, its buffer and its element offset (see <see cref="OpenCLArg"/>). Nothing is queued
    /// when <paramref name="globalSize"/> is 0.
    /// </summary>
    public void Launch(string kernelName, long globalSize, params ReadOnlySpan<OpenCLArg> args)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(globalSize);
        if (globalSize == 0)
        {
            return;
        }

        var global = (nuint)globalSize;
        Enqueue(kernelName, 1, &global, null, args);
    }

    /// <summary>
    /// Queues a kernel over a 1-, 2- or 3-dimensional range with an explicit work-group size (each global size a
    /// multiple of the local one), as kernels using <c>__local</c> memory need.
    /// </summary>
    public void Launch(string kernelName, ReadOnlySpan<long> globalSize, ReadOnlySpan<long> localSize, params ReadOnlySpan<OpenCLArg> args)
    {
        if (globalSize.Length is < 1 or > 3 || localSize.Length != globalSize.Length)
        {
            throw new ArgumentException("Launch: the global and local sizes need the same number (1 to 3) of dimensions.", nameof(localSize));
        }

        var global = stackalloc nuint[3];
        var local = stackalloc nuint[3];
        for (var i = 0; i < globalSize.Length; i++)
        {
            if (globalSize[i] == 0)
            {
                return;
            }

            global[i] = (nuint)globalSize[i];
            local[i] = (nuint)localSize[i];
        }

        Enqueue(kernelName, (uint)globalSize.Length, global, local, args);
    }

    private void Enqueue(string kernelName, uint dims, nuint* global, nuint* local, ReadOnlySpan<OpenCLArg> args)
    {
        var kernel = _kernels.GetOrAdd(kernelName, static (name, self) => self.CreateKernel(name), this);
        var api = _context.Api;
        lock (kernel)
        {
            uint index = 0;
            foreach (ref readonly var arg in args)
            {
                switch (arg.Kind)
                {
                    case OpenCLArg.ArgKind.Tensor:
                        var tensor = arg.Tensor!;
                        var mem = tensor.DeviceBuffer(_context, kernelName);
                        var offset = tensor._offset;
                        SetArg(kernel, index++, (nuint)sizeof(nint), &mem);
                        SetArg(kernel, index++, sizeof(int), &offset);
                        break;
                    case OpenCLArg.ArgKind.Int32 or OpenCLArg.ArgKind.Float32:
                        var bits32 = (int)arg.Bits;
                        SetArg(kernel, index++, sizeof(int), &bits32);
                        break;
                    case OpenCLArg.ArgKind.Int64 or OpenCLArg.ArgKind.Float64:
                        var bits64 = arg.Bits;
                        SetArg(kernel, index++, sizeof(long), &bits64);
                        break;
                    case OpenCLArg.ArgKind.Local:
                        SetArg(kernel, index++, (nuint)arg.Bits, null);
                        break;
                    default:
                        var dimsCopy = arg.Dims;
                        SetArg(kernel, index++, (nuint)(8 * sizeof(int)), &dimsCopy);
                        break;
                }
            }

            ClStatus.Check(
                api.EnqueueNdrangeKernel(_context.Queue, kernel.Handle, dims, null, global, local, 0, null, null),
                $"clEnqueueNDRangeKernel({kernelName} on {Device})");
        }
    }

    private void SetArg(Kernel kernel, uint index, nuint size, void* value) =>
        ClStatus.Check(_context.Api.SetKernelArg(kernel.Handle, index, size, value), $"clSetKernelArg({kernel.Name}, {index})");

    private Kernel CreateKernel(string name)
    {
        int status;
        var handle = _context.Api.CreateKernel(Handle, name, &status);
        ClStatus.Check(status, $"clCreateKernel({name} on {Device})");
        return new Kernel(name, handle);
    }

    private sealed record Kernel(string Name, nint Handle);
}

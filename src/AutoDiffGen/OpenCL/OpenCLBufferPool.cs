using Silk.NET.OpenCL;

namespace AutoDiffGen.OpenCL;

/// <summary>
/// A caching allocator: sizes are rounded up to buckets, and a freed buffer goes on its bucket's free list for
/// the next tensor of that bucket, because clCreateBuffer/clReleaseMemObject cost far more than a kernel launch.
/// Reuse is safe without waiting because the device's queue is in order.
/// </summary>
internal sealed unsafe class OpenCLBufferPool(OpenCLContext context)
{
    private const long MinBucket = 256;
    private readonly Lock _lock = new();
    private readonly Dictionary<long, Stack<nint>> _free = [];
    private long _liveBytes;
    private long _pooledBytes;

    /// <summary>Bytes of buffers held by tensors now.</summary>
    public long LiveBytes
    {
        get
        {
            lock (_lock)
            {
                return _liveBytes;
            }
        }
    }

    /// <summary>Bytes of freed buffers kept for reuse.</summary>
    public long PooledBytes
    {
        get
        {
            lock (_lock)
            {
                return _pooledBytes;
            }
        }
    }

    /// <summary>
    /// Power-of-two buckets up to 1 MiB; above, steps of a quarter of the power of two below the size, so a large
    /// tensor wastes at most 25% and tensors of similar sizes share buffers.
    /// </summary>
    public static long Bucket(long bytes)
    {
        if (bytes <= MinBucket)
        {
            return MinBucket;
        }

        if (bytes <= 1 << 20)
        {
            return (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)bytes);
        }

        var step = (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)bytes + 1) / 8;
        return (bytes + step - 1) / step * step;
    }

    /// <summary>A buffer of at least <paramref name="bytes"/>; returns its handle and its bucket size.</summary>
    public (nint Handle, long Bytes) Rent(long bytes)
    {
        var size = Bucket(bytes);
        lock (_lock)
        {
            if (_free.TryGetValue(size, out var stack) && stack.Count > 0)
            {
                _pooledBytes -= size;
                _liveBytes += size;
                return (stack.Pop(), size);
            }
        }

        var handle = Create(size, out var status);
        if (status is ClStatus.MemObjectAllocationFailure or ClStatus.OutOfResources or ClStatus.OutOfHostMemory)
        {
            // Out of device memory: give back the cached buffers and those of unreachable tensors, then retry once.
            EmptyCache();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            EmptyCache();
            handle = Create(size, out status);
        }

        ClStatus.Check(status, $"clCreateBuffer({context.Device}, {size} bytes)");
        lock (_lock)
        {
            _liveBytes += size;
        }

        // The GC cannot see device memory: it is told once per buffer the driver creates (not per reuse from the
        // pool, which made every 64 MiB op look like fresh unmanaged memory and triggered a gen-2 collection almost
        // every time), so tensors nobody disposes are still collected as the device's memory grows.
        GC.AddMemoryPressure(size);
        return (handle, size);
    }

    /// <summary>Puts a buffer back on its bucket's free list (callable from a finalizer).</summary>
    public void Return(nint handle, long size)
    {
        lock (_lock)
        {
            if (!_free.TryGetValue(size, out var stack))
            {
                _free[size] = stack = new Stack<nint>();
            }

            stack.Push(handle);
            _liveBytes -= size;
            _pooledBytes += size;
        }
    }

    /// <summary>Releases every pooled buffer to the driver (like <c>torch.cuda.empty_cache()</c>).</summary>
    public void EmptyCache()
    {
        lock (_lock)
        {
            foreach (var (size, stack) in _free)
            {
                while (stack.Count > 0)
                {
                    context.Api.ReleaseMemObject(stack.Pop());
                    GC.RemoveMemoryPressure(size);
                }
            }

            _pooledBytes = 0;
        }
    }

    private nint Create(long size, out int status)
    {
        int s;
        var handle = context.Api.CreateBuffer(context.Handle, MemFlags.ReadWrite, (nuint)size, null, &s);
        status = s;
        return handle;
    }
}

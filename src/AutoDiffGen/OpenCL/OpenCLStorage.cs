namespace AutoDiffGen.OpenCL;

/// <summary>
/// A device buffer holding a tensor's elements, shared by the tensor that allocated it and its views. It goes back
/// to the pool when that tensor is disposed, or, as a backstop, when the GC finds no tensor left that uses it.
/// </summary>
internal sealed class OpenCLStorage
{
    private readonly nint _handle;
    private int _released;

    public OpenCLStorage(OpenCLContext context, long bytes)
    {
        Context = context;
        (_handle, Bytes) = context.Pool.Rent(Math.Max(bytes, 1));
    }

    ~OpenCLStorage() => ReleaseCore();

    public OpenCLContext Context { get; }

    /// <summary>The bucket size of the buffer, in bytes.</summary>
    public long Bytes { get; }

    public bool IsReleased => Volatile.Read(ref _released) != 0;

    /// <summary>The cl_mem handle; throws once the owning tensor has been disposed.</summary>
    public nint Handle => Volatile.Read(ref _released) == 0
        ? _handle
        : throw new ObjectDisposedException(
            nameof(Tensor),
            "This tensor's device memory was released: the tensor that owns it (or this view's base) was disposed.");

    /// <summary>Returns the buffer to the pool; later calls do nothing.</summary>
    public void Release()
    {
        if (ReleaseCore())
        {
            GC.SuppressFinalize(this);
        }
    }

    private bool ReleaseCore()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return false;
        }

        Context.Pool.Return(_handle, Bytes);
        return true;
    }
}

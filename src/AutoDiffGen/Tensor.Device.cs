using AutoDiffGen.OpenCL;

namespace AutoDiffGen;

/// <summary>
/// Tensors on OpenCL devices. A device tensor keeps its elements in a device buffer (<see cref="_storage"/>) and
/// its layout in the same fields as a CPU tensor, so every view is metadata-only on the device too.
/// </summary>
/// <remarks>
/// <para><b>Who frees device memory.</b> The tensor that allocated a buffer (a result of an op, of
/// <see cref="To(Device)"/> or of a factory) owns it; views (View, Reshape without a copy, Transpose, Permute,
/// slicing, indexers, Expand, Detach, Squeeze, Unsqueeze, Chunk, Split) share it without owning it.
/// <see cref="Dispose"/> on the owner returns the buffer to the device's caching allocator at once, even while
/// views exist (using them afterwards throws <see cref="ObjectDisposedException"/>); on a view it does nothing.
/// A tensor never disposed is freed when the GC finds no tensor left that uses its buffer.</para>
/// <para>Ops may return their input unchanged (<c>Contiguous()</c> of a contiguous tensor, <c>To(dtype)</c> of the
/// same dtype), so dispose such a result only if it is not the input.</para>
/// </remarks>
public sealed partial class Tensor : IDisposable
{
    // The device buffer of an OpenCL tensor; null for a CPU tensor, which is the one branch CPU ops test.
    internal OpenCLStorage? _storage;
    internal bool _ownsStorage;

    /// <summary>
    /// Moves this tensor's elements to <paramref name="device"/> in place, keeping the object, as PyTorch's
    /// <c>module.to(device)</c> replaces <c>param.data</c>: parameters stay the same tensors, so optimizers and state
    /// dicts built from them keep working. Only a contiguous tensor that owns its elements can move (views of it keep
    /// the old elements).
    /// </summary>
    /// <exception cref="InvalidOperationException">The tensor is a view or not contiguous.</exception>
    internal void MoveStorageTo(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (Device == device)
        {
            return;
        }

        if (!_contiguous || _offset != 0 || (_storage is not null && !_ownsStorage) || (_storage is null && _data.Length != _numel))
        {
            throw new InvalidOperationException($"Only a contiguous tensor that owns its elements can move to {device} in place; this one is a view of shape [{string.Join(", ", _shape)}]. Move the tensor it is a view of instead.");
        }

        var moved = To(device);
        var old = _ownsStorage ? _storage : null;
        _data = moved._data;
        _storage = moved._storage;
        _ownsStorage = moved._ownsStorage;

        // The copy's object is dropped; its buffer now belongs to this tensor (the buffer's own finalizer is the backstop).
        moved._ownsStorage = false;
        old?.Release();
    }

    /// <summary>A tensor over a device buffer; <c>_data</c> is an empty array of the dtype, so a CPU kernel reached by mistake cannot read stale memory.</summary>
    internal Tensor(OpenCLStorage storage, DType dtype, int[] shape, int[] strides, int offset, bool ownsStorage)
    {
        _data = EmptyArray(dtype);
        _storage = storage;
        _ownsStorage = ownsStorage;
        _dtype = dtype;
        _shape = shape;
        _strides = strides;
        _offset = offset;
        _numel = ShapeUtil.NumElements(shape);
        _contiguous = ShapeUtil.IsContiguous(shape, strides);
    }

    /// <summary>
    /// Releases the device memory this tensor owns (see the remarks on <see cref="Tensor"/>); does nothing for a
    /// CPU tensor or a view. Calling it twice is harmless.
    /// </summary>
    public void Dispose()
    {
        if (_ownsStorage)
        {
            _storage!.Release();
        }
    }

    /// <summary>An uninitialised tensor on <paramref name="device"/> (like <c>torch.empty(shape, device=...)</c>).</summary>
    public static Tensor Empty(int[] shape, DType dtype, Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        ShapeUtil.CheckShape(shape, "Empty");
        return device.Type == DeviceType.Cpu
            ? Allocate(dtype, ShapeUtil.Copy(shape))
            : AllocateOn(OpenCLRuntime.Context(device), dtype, ShapeUtil.Copy(shape), "Empty");
    }

    /// <summary>A tensor of zeros on <paramref name="device"/>.</summary>
    public static Tensor Zeros(int[] shape, DType dtype, Device device) => Full(shape, 0, dtype, device);

    /// <summary>A tensor of ones on <paramref name="device"/>.</summary>
    public static Tensor Ones(int[] shape, DType dtype, Device device) => Full(shape, 1, dtype, device);

    /// <summary>A tensor filled with <paramref name="value"/> on <paramref name="device"/>.</summary>
    public static Tensor Full(int[] shape, double value, DType dtype, Device device) => Empty(shape, dtype, device).FillInPlace(value);

    /// <summary>A new contiguous tensor on an OpenCL device.</summary>
    internal static Tensor AllocateOn(OpenCLContext context, DType dtype, int[] shape, string op)
    {
        context.CheckDType(dtype, op);
        var n = ShapeUtil.NumElements(shape);
        var storage = new OpenCLStorage(context, (long)n * dtype.ElementSize());
        return new Tensor(storage, dtype, shape, ShapeUtil.ContiguousStrides(shape), 0, ownsStorage: true);
    }

    /// <summary>A new tensor on the device of <paramref name="like"/> (CPU or OpenCL).</summary>
    internal static Tensor AllocateLike(Tensor like, DType dtype, int[] shape, string op) =>
        like._storage is null ? Allocate(dtype, shape) : AllocateOn(like._storage.Context, dtype, shape, op);

    /// <summary>
    /// This fresh contiguous copy under another shape: on a device the result takes over ownership of the buffer
    /// (a plain view would leave the owner unreachable, so Dispose on the result would not free it).
    /// </summary>
    internal Tensor TakeLayout(int[] shape) =>
        _storage is null ? WithLayout(shape, ShapeUtil.ContiguousStrides(shape), 0) : OpenCLOps.Rewrap(this, shape);

    /// <summary>The cl_mem of this tensor for a kernel on <paramref name="context"/>'s device, or a device error naming both.</summary>
    internal nint DeviceBuffer(OpenCLContext context, string op)
    {
        if (_storage is null || _storage.Context != context)
        {
            throw TensorDeviceException.Mismatch(op, Device, context.Device);
        }

        return _storage.Handle;
    }

    /// <summary>The result of Cat: allocated where every input lives, or a device error naming two of them.</summary>
    internal static Tensor AllocateForJoin(ReadOnlySpan<Tensor> tensors, Tensor first, DType dtype, int[] shape, string op)
    {
        foreach (var t in tensors)
        {
            if (t.Device != first.Device)
            {
                throw TensorDeviceException.Mismatch(op, first.Device, t.Device);
            }
        }

        return AllocateLike(first, dtype, shape, op);
    }

    private static Array EmptyArray(DType dtype) => dtype switch
    {
        DType.Float32 => Array.Empty<float>(),
        DType.Float64 => Array.Empty<double>(),
        DType.Int64 => Array.Empty<long>(),
        DType.Int32 => Array.Empty<int>(),
        _ => Array.Empty<bool>(),
    };
}

using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen;

/// <summary>
/// An n-dimensional array with PyTorch's semantics: a dtype, a shape, and a strided view over shared storage, so
/// <c>View</c>, <c>Transpose</c>, <c>Permute</c>, slicing and <c>Expand</c> copy nothing. Operations return new
/// tensors; methods ending in <c>InPlace</c> write into this one.
/// </summary>
/// <remarks>
/// The object is deliberately thin (one array, shape, strides, offset) so a small operation costs tens of
/// nanoseconds: generated gradient code calls these operations directly, without a tape.
/// </remarks>
public sealed partial class Tensor
{
    // Storage: a T[] whose element type matches _dtype (float[], double[], long[], int[] or bool[]).
    // Views share it. Sizes and strides are in elements; an expanded dimension has stride 0.
    // _data and _storage change only in MoveStorageTo (a model's parameters moving to another device in place).
    // The layout fields are set once per use: a training step's memory (Internal.StepArena) re-initialises a tensor
    // object of the previous step through Create instead of allocating one; nothing else writes them.
    internal Array _data;
    internal int[] _shape;
    internal int[] _strides;
    internal int _offset;
    internal DType _dtype;
    internal int _numel;
    internal bool _contiguous;

    internal Tensor(Array data, DType dtype, int[] shape, int[] strides, int offset)
    {
        _data = data;
        _dtype = dtype;
        _shape = shape;
        _strides = strides;
        _offset = offset;
        _numel = ShapeUtil.NumElements(shape);
        _contiguous = ShapeUtil.IsContiguous(shape, strides);
    }

    /// <summary>Wraps a new contiguous array (no copy).</summary>
    internal Tensor(Array data, DType dtype, int[] shape)
        : this(data, dtype, shape, ShapeUtil.ContiguousStrides(shape), 0)
    {
    }

    /// <summary>The sizes of the dimensions, like <c>x.shape</c> / <c>x.size()</c>.</summary>
    public TensorShape Shape => new(_shape);

    /// <summary>The number of dimensions, like <c>x.dim()</c> / <c>x.ndim</c>.</summary>
    public int Dim => _shape.Length;

    /// <summary>The number of elements, like <c>x.numel()</c> / <c>x.nelement()</c>.</summary>
    public int NumElements => _numel;

    public DType DType => _dtype;

    /// <summary>Where the tensor lives: <see cref="Device.Cpu"/>, or the OpenCL device holding its buffer.</summary>
    public Device Device => _storage is null ? Device.Cpu : _storage.Context.Device;

    /// <summary>True when the elements are laid out row-major without gaps (see <see cref="Contiguous"/>).</summary>
    public bool IsContiguous => _contiguous;

    /// <summary>The size of one dimension, like <c>x.size(dim)</c>; negative dims count from the end.</summary>
    public int Size(int dim) => _shape[ShapeUtil.NormalizeDim(dim, _shape.Length, "Size")];

    /// <summary>The element strides, like <c>x.stride()</c>.</summary>
    public int[] Strides() => ShapeUtil.Copy(_strides);

    /// <summary>The stride of one dimension, like <c>x.stride(dim)</c>.</summary>
    public int Stride(int dim) => _strides[ShapeUtil.NormalizeDim(dim, _shape.Length, "Stride")];

    /// <summary>The offset of the first element in the storage, like <c>x.storage_offset()</c>.</summary>
    public int StorageOffset => _offset;

    internal T[] Data<T>() => Unsafe.As<T[]>(_data);

    internal ref T DataRef<T>() => ref MemoryMarshal.GetArrayDataReference(Unsafe.As<T[]>(_data));

    /// <summary>The elements of a contiguous tensor, starting at its offset.</summary>
    internal Span<T> ContiguousSpan<T>()
    {
        Debug.Assert(_contiguous, "ContiguousSpan needs a contiguous tensor.");
        return MemoryMarshal.CreateSpan(ref Unsafe.Add(ref DataRef<T>(), _offset), _numel);
    }

    /// <summary>A tensor with the same storage and a new layout.</summary>
    internal Tensor WithLayout(int[] shape, int[] strides, int offset) =>
        _storage is null ? Create(_data, _dtype, shape, strides, offset) : new(_storage, _dtype, shape, strides, offset, ownsStorage: false);

    /// <summary>
    /// A CPU tensor over <paramref name="data"/>: the choke point of CPU tensor objects. Inside a training step
    /// (<see cref="Internal.StepMemory"/>) it re-initialises an object the previous step created instead of allocating.
    /// </summary>
    internal static Tensor Create(Array data, DType dtype, int[] shape, int[] strides, int offset)
    {
        var arena = Internal.StepMemory.Current;
        if (arena is null)
        {
            return new Tensor(data, dtype, shape, strides, offset);
        }

        if (arena.RentTensor() is not { } tensor)
        {
            tensor = new Tensor(data, dtype, shape, strides, offset);
            arena.Record(tensor);
            return tensor;
        }

        tensor._data = data;
        tensor._storage = null;
        tensor._ownsStorage = false;
        tensor._dtype = dtype;
        tensor._shape = shape;
        tensor._strides = strides;
        tensor._offset = offset;
        tensor._numel = ShapeUtil.NumElements(shape);
        tensor._contiguous = ShapeUtil.IsContiguous(shape, strides);
        return tensor;
    }

    /// <summary>A contiguous CPU tensor over <paramref name="data"/> (see <see cref="Create(Array, DType, int[], int[], int)"/>).</summary>
    internal static Tensor Create(Array data, DType dtype, int[] shape) => Create(data, dtype, shape, ShapeUtil.ContiguousStrides(shape), 0);

    /// <summary>A new, uninitialised, contiguous tensor.</summary>
    internal static Tensor Allocate(DType dtype, int[] shape)
    {
        return Create(NewArray(dtype, ShapeUtil.NumElements(shape)), dtype, shape);
    }

    /// <summary>A new contiguous tensor filled with zeros.</summary>
    internal static Tensor AllocateZeroed(DType dtype, int[] shape)
    {
        var n = ShapeUtil.NumElements(shape);
        if (Internal.StepMemory.Current is { } arena)
        {
            return Create(arena.RentArray(dtype, n, zeroed: true), dtype, shape);
        }

        Array data = dtype switch
        {
            DType.Float32 => new float[n],
            DType.Float64 => new double[n],
            DType.Int64 => new long[n],
            DType.Int32 => new int[n],
            DType.Bool => new bool[n],
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
        };
        return Create(data, dtype, shape);
    }
}

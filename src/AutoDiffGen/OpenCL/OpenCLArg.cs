using System.Runtime.CompilerServices;

namespace AutoDiffGen.OpenCL;

/// <summary>
/// One argument of <see cref="OpenCLProgram.Launch(string, long, ReadOnlySpan{OpenCLArg})"/>. Converts implicitly
/// from a <see cref="Tensor"/>, <c>int</c>, <c>long</c>, <c>float</c> and <c>double</c>.
/// </summary>
/// <remarks>
/// A tensor fills <b>two</b> kernel parameters: its buffer (<c>__global T* x</c>) and the element offset of its first
/// element (<c>int x_off</c>), because views start inside their base's buffer. Strides are not passed: a kernel
/// that needs them takes them as further int arguments (<see cref="Tensor.Strides"/>), or is given contiguous
/// tensors (<see cref="Tensor.Contiguous"/>).
/// </remarks>
public readonly struct OpenCLArg
{
    internal readonly ArgKind Kind;
    internal readonly Tensor? Tensor;
    internal readonly long Bits;
    internal readonly Dims8 Dims;

    private OpenCLArg(ArgKind kind, Tensor? tensor, long bits, Dims8 dims = default)
    {
        Kind = kind;
        Tensor = tensor;
        Bits = bits;
        Dims = dims;
    }

    internal enum ArgKind : byte
    {
        Tensor,
        Int32,
        Int64,
        Float32,
        Float64,
        Local,
        Dims,
    }

    public static implicit operator OpenCLArg(Tensor tensor) => FromTensor(tensor);

    public static implicit operator OpenCLArg(int value) => FromInt32(value);

    public static implicit operator OpenCLArg(long value) => FromInt64(value);

    public static implicit operator OpenCLArg(float value) => FromSingle(value);

    public static implicit operator OpenCLArg(double value) => FromDouble(value);

    /// <summary>A device tensor: its buffer and its element offset (two kernel parameters).</summary>
    public static OpenCLArg FromTensor(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return new(ArgKind.Tensor, tensor, 0);
    }

    /// <summary>An <c>int</c> kernel parameter.</summary>
    public static OpenCLArg FromInt32(int value) => new(ArgKind.Int32, null, value);

    /// <summary>A <c>long</c> kernel parameter.</summary>
    public static OpenCLArg FromInt64(long value) => new(ArgKind.Int64, null, value);

    /// <summary>A <c>float</c> kernel parameter.</summary>
    public static OpenCLArg FromSingle(float value) => new(ArgKind.Float32, null, BitConverter.SingleToInt32Bits(value));

    /// <summary>A <c>double</c> kernel parameter (the device needs cl_khr_fp64).</summary>
    public static OpenCLArg FromDouble(double value) => new(ArgKind.Float64, null, BitConverter.DoubleToInt64Bits(value));

    /// <summary>A <c>__local</c> buffer of <paramref name="bytes"/> per work-group.</summary>
    public static OpenCLArg Local(int bytes) => new(ArgKind.Local, null, bytes);

    /// <summary>Eight ints passed by value as <c>typedef struct { int v[8]; } dims_t;</c> (shapes and strides).</summary>
    internal static OpenCLArg FromDims(Dims8 dims) => new(ArgKind.Dims, null, 0, dims);
}

/// <summary>Up to eight sizes or strides, laid out as OpenCL C's <c>struct { int v[8]; }</c>.</summary>
[InlineArray(8)]
internal struct Dims8
{
    private int _element0;
}

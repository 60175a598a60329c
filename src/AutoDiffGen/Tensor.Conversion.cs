using System.Numerics;
using AutoDiffGen.Kernels;
using AutoDiffGen.OpenCL;

namespace AutoDiffGen;

public sealed partial class Tensor
{
    /// <summary>This tensor if it is contiguous, otherwise a contiguous copy (like <c>x.contiguous()</c>).</summary>
    public Tensor Contiguous() => _contiguous ? this : CopyToNew(_dtype);

    /// <summary>A copy with its own storage (like <c>x.clone()</c>); the copy is contiguous.</summary>
    public Tensor Clone() => CopyToNew(_dtype);

    /// <summary>
    /// The same values, cut off from differentiation: generated gradient code treats the result as a constant.
    /// Shares storage, like <c>x.detach()</c>.
    /// </summary>
    public Tensor Detach() => WithLayout(_shape, _strides, _offset);

    /// <summary>Converts to another element type (like <c>x.to(torch.float64)</c>); returns this when it already is.</summary>
    public Tensor To(DType dtype) => dtype == _dtype ? this : CopyToNew(dtype);

    /// <summary>Moves to a device (like <c>x.to(device)</c>); returns this when it is already there.</summary>
    public Tensor To(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device == Device)
        {
            return this;
        }

        return OpenCLOps.Transfer(this, device);
    }

    /// <summary>Back to the CPU (like <c>x.cpu()</c>).</summary>
    public Tensor Cpu() => To(Device.Cpu);

    /// <summary>
    /// The value of a one-element tensor (like <c>x.item()</c>), converted to <typeparamref name="T"/> when the
    /// dtype differs (float → int truncates).
    /// </summary>
    public T Item<T>()
        where T : unmanaged
    {
        if (_numel != 1)
        {
            throw new TensorShapeException(
                $"Item: a Tensor with {_numel} elements cannot be converted to a scalar; only one-element tensors can (shape {ShapeUtil.Format(_shape)}).");
        }

        if (_storage is not null)
        {
            return OpenCLOps.Item<T>(this);
        }

        var target = DTypeExtensions.Of<T>();
        var source = target == _dtype ? this : To(target);
        return source.Data<T>()[source._offset];
    }

    /// <summary>The value of a one-element tensor as a double, read in place (no conversion tensor).</summary>
    internal double ScalarValue()
    {
        if (_numel != 1)
        {
            throw new TensorShapeException($"ScalarValue: expected a one-element tensor, got shape {ShapeUtil.Format(_shape)}.");
        }

        if (_storage is not null)
        {
            return OpenCLOps.ScalarValue(this);
        }

        return _dtype switch
        {
            DType.Float32 => Data<float>()[_offset],
            DType.Float64 => Data<double>()[_offset],
            DType.Int64 => Data<long>()[_offset],
            DType.Int32 => Data<int>()[_offset],
            _ => Data<bool>()[_offset] ? 1 : 0,
        };
    }

    /// <summary>The elements in row-major order as a new array, converted to <typeparamref name="T"/> when needed.</summary>
    public T[] ToArray<T>()
        where T : unmanaged
    {
        if (_storage is not null)
        {
            return OpenCLOps.ToArray<T>(this);
        }

        var target = DTypeExtensions.Of<T>();
        var source = target == _dtype ? Contiguous() : To(target);
        return source.ContiguousSpan<T>().ToArray();
    }

    /// <summary>
    /// Copies <paramref name="source"/> into this tensor (like <c>x.copy_(src)</c>): the source broadcasts to this
    /// shape and is converted to this dtype. Returns this.
    /// </summary>
    public Tensor CopyFrom(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (_storage is not null || source._storage is not null)
        {
            return OpenCLOps.CopyFrom(this, source);
        }

        var src = source._dtype == _dtype ? source : source.To(_dtype);
        var strides = ExpandStridesTo(src, _shape, "CopyFrom");
        switch (_dtype)
        {
            case DType.Float32: CopyStrided<float>(src, strides, this); break;
            case DType.Float64: CopyStrided<double>(src, strides, this); break;
            case DType.Int64: CopyStrided<long>(src, strides, this); break;
            case DType.Int32: CopyStrided<int>(src, strides, this); break;
            default: CopyStrided<bool>(src, strides, this); break;
        }

        return this;
    }

    /// <summary>Sets every element to <paramref name="value"/> (like <c>x.fill_(value)</c>). Returns this.</summary>
    public Tensor FillInPlace(double value)
    {
        if (_storage is not null)
        {
            return OpenCLOps.Fill(this, value);
        }

        switch (_dtype)
        {
            case DType.Float32: FillStrided(this, (float)value); break;
            case DType.Float64: FillStrided(this, value); break;
            case DType.Int64: FillStrided(this, (long)value); break;
            case DType.Int32: FillStrided(this, (int)value); break;
            default: FillStrided(this, value != 0); break;
        }

        return this;
    }

    /// <summary>Sets every element to zero (like <c>x.zero_()</c>). Returns this.</summary>
    public Tensor ZeroInPlace() => FillInPlace(0);

    private Tensor CopyToNew(DType dtype)
    {
        if (_storage is not null)
        {
            return OpenCLOps.Convert(this, dtype);
        }

        var dense = _dtype == dtype || _contiguous ? this : CopyToNew(_dtype);
        var result = Allocate(dtype, _shape);
        if (_dtype == dtype)
        {
            switch (dtype)
            {
                case DType.Float32: CopyStrided<float>(dense, dense._strides, result); break;
                case DType.Float64: CopyStrided<double>(dense, dense._strides, result); break;
                case DType.Int64: CopyStrided<long>(dense, dense._strides, result); break;
                case DType.Int32: CopyStrided<int>(dense, dense._strides, result); break;
                default: CopyStrided<bool>(dense, dense._strides, result); break;
            }

            return result;
        }

        switch (_dtype)
        {
            case DType.Float32: ConvertFrom<float>(dense, result); break;
            case DType.Float64: ConvertFrom<double>(dense, result); break;
            case DType.Int64: ConvertFrom<long>(dense, result); break;
            case DType.Int32: ConvertFrom<int>(dense, result); break;
            default: ConvertFromBool(dense, result); break;
        }

        return result;
    }

    private static void ConvertFrom<TFrom>(Tensor src, Tensor dst)
        where TFrom : unmanaged, INumber<TFrom>
    {
        var x = src.ContiguousSpan<TFrom>();
        switch (dst._dtype)
        {
            case DType.Float32: ConvertKernels.Convert(x, dst.ContiguousSpan<float>()); break;
            case DType.Float64: ConvertKernels.Convert(x, dst.ContiguousSpan<double>()); break;
            case DType.Int64: ConvertKernels.Convert(x, dst.ContiguousSpan<long>()); break;
            case DType.Int32: ConvertKernels.Convert(x, dst.ContiguousSpan<int>()); break;
            default: ConvertKernels.ToBool(x, dst.ContiguousSpan<bool>()); break;
        }
    }

    private static void ConvertFromBool(Tensor src, Tensor dst)
    {
        var x = src.ContiguousSpan<bool>();
        switch (dst._dtype)
        {
            case DType.Float32: ConvertKernels.FromBool(x, dst.ContiguousSpan<float>()); break;
            case DType.Float64: ConvertKernels.FromBool(x, dst.ContiguousSpan<double>()); break;
            case DType.Int64: ConvertKernels.FromBool(x, dst.ContiguousSpan<long>()); break;
            default: ConvertKernels.FromBool(x, dst.ContiguousSpan<int>()); break;
        }
    }

    internal static void CopyStrided<T>(Tensor src, int[] srcStrides, Tensor dst)
        where T : unmanaged
    {
        var row = new CopyKernels<T>.CopyRow { Out = dst.Data<T>(), X = src.Data<T>() };
        StridedLoop.Run(dst._shape, dst._strides, dst._offset, srcStrides, src._offset, ref row);
    }

    private static void FillStrided<T>(Tensor dst, T value)
        where T : unmanaged
    {
        if (dst._contiguous)
        {
            dst.ContiguousSpan<T>().Fill(value);
            return;
        }

        var row = new CopyKernels<T>.FillRow { Out = dst.Data<T>(), Value = value };
        StridedLoop.Run(dst._shape, dst._strides, dst._offset, [], 0, ref row);
    }

    /// <summary>The strides with which <paramref name="src"/> reads as <paramref name="shape"/> (broadcasting), or an error naming both shapes.</summary>
    internal static int[] ExpandStridesTo(Tensor src, int[] shape, string op)
    {
        if (src._shape.AsSpan().SequenceEqual(shape))
        {
            return src._strides;
        }

        var b = ShapeUtil.Broadcast(src._shape, shape, op);
        if (!b.AsSpan().SequenceEqual(shape))
        {
            throw new TensorShapeException(
                $"{op}: a tensor of shape {ShapeUtil.Format(src._shape)} cannot be broadcast to shape {ShapeUtil.Format(shape)}.");
        }

        return ShapeUtil.BroadcastStrides(src._shape, src._strides, shape);
    }
}

using System.Runtime.InteropServices;

namespace AutoDiffGen.OpenCL;

/// <summary>
/// The device side of the tensor ops: each public op whose operands live on an OpenCL device lands here through
/// one dispatch line, and runs as kernels from <see cref="OpenCLSources"/>. Temporaries (converted or uploaded
/// operands, partial sums) are disposed as soon as their last kernel is queued: the in-order queue makes reuse of
/// their buffers safe.
/// </summary>
internal static unsafe partial class OpenCLOps
{
    /// <summary>An op that has no OpenCL kernel: refuses rather than copying to the host behind the caller's back.</summary>
    public static NotSupportedException NotSupported(string op, Tensor t) => new(
        $"{op} is not implemented on {t.Device}; move the tensor with To(Device.Cpu) first, or use an op that is.");

    /// <summary>Moves a tensor to <paramref name="device"/> (CPU or OpenCL); the source is left unchanged.</summary>
    public static Tensor Transfer(Tensor t, Device device)
    {
        if (device.Type == DeviceType.Cpu)
        {
            return ToHost(t);
        }

        var context = OpenCLRuntime.Context(device);
        var host = t._storage is null ? t : ToHost(t);
        var result = Upload(host, context, "To");
        Free(host, t);
        return result;
    }

    /// <summary>A CPU copy of a device tensor (waits for the kernels that write it).</summary>
    public static Tensor ToHost(Tensor t)
    {
        var src = t.Contiguous();
        var result = Tensor.Allocate(t._dtype, (int[])t._shape.Clone());
        var size = t._dtype.ElementSize();
        fixed (byte* p = &MemoryMarshal.GetArrayDataReference(result._data))
        {
            src._storage!.Context.Read(src._storage.Handle, (long)src._offset * size, p, (long)t._numel * size);
        }

        Free(src, t);
        return result;
    }

    /// <summary>Copies into <paramref name="dst"/> (like <c>copy_</c>): across devices when asked explicitly, with broadcasting and conversion.</summary>
    public static Tensor CopyFrom(Tensor dst, Tensor src)
    {
        if (dst._storage is null)
        {
            var host = ToHost(src);
            dst.CopyFrom(host);
            return dst;
        }

        var context = Ctx(dst);
        var s = src._storage is null ? Upload(src.Contiguous(), context, "CopyFrom") : src;
        if (s._storage!.Context != context)
        {
            throw TensorDeviceException.Mismatch("CopyFrom", dst.Device, src.Device);
        }

        var strides = Tensor.ExpandStridesTo(s, dst._shape, "CopyFrom");
        Map(context.Converts, context, ConvertKernel(s._dtype, dst._dtype), dst._shape, [dst, s], [dst._strides, strides]);
        Free(s, src);
        return dst;
    }

    /// <summary>A contiguous copy with another (or the same) dtype: Contiguous, Clone and To(dtype).</summary>
    public static Tensor Convert(Tensor t, DType dtype)
    {
        var context = Ctx(t);
        var result = Tensor.AllocateOn(context, dtype, (int[])t._shape.Clone(), "To");
        Map(context.Converts, context, ConvertKernel(t._dtype, dtype), t._shape, [result, t], [result._strides, t._strides]);
        return result;
    }

    public static Tensor Fill(Tensor dst, double value)
    {
        var context = Ctx(dst);
        var program = context.Ops(dst._dtype, "FillInPlace");
        Map(program, context, "fill", dst._shape, [dst], [dst._strides], ScalarArg(dst._dtype, value));
        return dst;
    }

    public static T Item<T>(Tensor t)
        where T : unmanaged
    {
        using var host = ToHost(t);
        return host.Item<T>();
    }

    public static double ScalarValue(Tensor t) => ToHost(t).ScalarValue();

    public static T[] ToArray<T>(Tensor t)
        where T : unmanaged => ToHost(t).ToArray<T>();

    /// <summary>A tensor like <paramref name="like"/> (same device) filled with <paramref name="value"/>.</summary>
    public static Tensor FullLike(Tensor like, int[] shape, double value, DType dtype) =>
        Fill(Tensor.AllocateOn(Ctx(like), dtype, (int[])shape.Clone(), "FullLike"), value);

    /// <summary>Takes over a fresh contiguous result under a new shape (a reshape that keeps ownership, unlike a view).</summary>
    public static Tensor Rewrap(Tensor fresh, int[] shape) =>
        new(fresh._storage!, fresh._dtype, shape, ShapeUtil.ContiguousStrides(shape), fresh._offset, fresh._ownsStorage);

    /// <summary>SumToSize's last step: the summed result under the target shape, owning its buffer when it is new.</summary>
    public static Tensor ReshapeResult(Tensor summed, Tensor original, int[] shape) =>
        ReferenceEquals(summed, original) ? summed.Reshape(shape) : Rewrap(summed.Contiguous(), (int[])shape.Clone());

    private static OpenCLContext Ctx(Tensor t) => t._storage!.Context;

    private static string ConvertKernel(DType from, DType to) => $"cvt_{OpenCLSources.CType(from)}_{OpenCLSources.CType(to)}";

    private static Tensor Upload(Tensor host, OpenCLContext context, string op)
    {
        var src = host.Contiguous();
        var result = Tensor.AllocateOn(context, host._dtype, (int[])host._shape.Clone(), op);
        var size = host._dtype.ElementSize();
        fixed (byte* p = &MemoryMarshal.GetArrayDataReference(src._data))
        {
            context.Write(result._storage!.Handle, 0, p + ((long)src._offset * size), (long)host._numel * size);
        }

        return result;
    }

    /// <summary>Disposes a temporary unless it is the original tensor (ops return their input when nothing changes).</summary>
    private static void Free(Tensor temp, Tensor original)
    {
        if (!ReferenceEquals(temp, original))
        {
            temp.Dispose();
        }
    }

    /// <summary>
    /// The context all operands share. A 0-d CPU tensor may join device tensors (it is uploaded, as PyTorch allows
    /// CPU scalars with CUDA tensors); any other mix is an error naming both devices.
    /// </summary>
    private static OpenCLContext Common(string op, params ReadOnlySpan<Tensor> tensors)
    {
        OpenCLContext? context = null;
        foreach (var t in tensors)
        {
            if (t._storage is not null)
            {
                context ??= t._storage.Context;
                if (t._storage.Context != context)
                {
                    throw TensorDeviceException.Mismatch(op, tensors[0].Device, t.Device);
                }
            }
        }

        foreach (var t in tensors)
        {
            if (t._storage is null && t.Dim != 0)
            {
                throw TensorDeviceException.Mismatch(op, tensors[0].Device, ReferenceEquals(t, tensors[0]) ? context!.Device : t.Device);
            }
        }

        return context!;
    }

    /// <summary>The operand on the device with the dtype: itself, or a new tensor that the caller frees with <see cref="Free"/>.</summary>
    private static Tensor Prepare(Tensor t, OpenCLContext context, DType dtype, string op)
    {
        var d = t._storage is null ? Upload(t, context, op) : t;
        if (d._dtype != dtype)
        {
            var converted = Convert(d, dtype);
            Free(d, t);
            d = converted;
        }

        return d;
    }

    private static OpenCLArg ScalarArg(DType dtype, double value) => dtype switch
    {
        // Explicit factories: a switch of mixed numeric arms would widen every arm to double (8 bytes).
        DType.Float32 => OpenCLArg.FromSingle((float)value),
        DType.Float64 => OpenCLArg.FromDouble(value),
        DType.Int64 => OpenCLArg.FromInt64((long)value),
        DType.Int32 => OpenCLArg.FromInt32((int)value),
        _ => OpenCLArg.FromInt32(value != 0 ? 1 : 0),
    };

    /// <summary>
    /// Launches an elementwise kernel over <paramref name="shape"/>: tensors (output first), extra scalars, then
    /// n, rank, the coalesced shape and one stride set per tensor.
    /// </summary>
    private static void Map(
        OpenCLProgram program, OpenCLContext context, string kernel, int[] shape, ReadOnlySpan<Tensor> tensors, ReadOnlySpan<int[]> strides,
        params ReadOnlySpan<OpenCLArg> scalars)
    {
        var n = ShapeUtil.NumElements(shape);
        if (n == 0)
        {
            return;
        }

        var (rank, dims, dimStrides) = Coalesce(shape, strides, kernel, context);
        var args = new OpenCLArg[tensors.Length + scalars.Length + 3 + tensors.Length];
        var i = 0;
        foreach (var t in tensors)
        {
            args[i++] = t;
        }

        foreach (var s in scalars)
        {
            args[i++] = s;
        }

        args[i++] = n;
        args[i++] = rank;
        args[i++] = OpenCLArg.FromDims(dims);
        foreach (var s in dimStrides)
        {
            args[i++] = OpenCLArg.FromDims(s);
        }

        if (rank <= 1 && AllUnit(dimStrides, rank))
        {
            // Dense operands: the walk-free twin, with the work-group size left to the implementation.
            program.Launch(kernel + "_c", n, args);
            return;
        }

        var wg = context.WorkGroupSize;
        program.Launch(kernel, [RoundUp(n, wg)], [wg], args);

        static bool AllUnit(Dims8[] strides, int rank)
        {
            foreach (var s in strides)
            {
                if (rank == 1 && s[0] != 1)
                {
                    return false;
                }
            }

            return true;
        }
    }

    private static long RoundUp(long n, long multiple) => (n + multiple - 1) / multiple * multiple;

    /// <summary>Drops size-1 dims and merges dims that are contiguous in every operand, so most calls walk rank 1.</summary>
    private static (int Rank, Dims8 Shape, Dims8[] Strides) Coalesce(int[] shape, ReadOnlySpan<int[]> strides, string kernel, OpenCLContext context)
    {
        var sizes = new List<int>(shape.Length);
        var st = new List<int[]>(shape.Length);
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            if (shape[d] == 1)
            {
                continue;
            }

            if (sizes.Count > 0 && Mergeable(strides, d, st[^1], sizes[^1]))
            {
                sizes[^1] *= shape[d];
                continue;
            }

            var column = new int[strides.Length];
            for (var k = 0; k < strides.Length; k++)
            {
                column[k] = strides[k][d];
            }

            sizes.Add(shape[d]);
            st.Add(column);
        }

        if (sizes.Count > OpenCLSources.MaxRank)
        {
            throw new NotSupportedException(
                $"{kernel}: tensors whose layout has more than {OpenCLSources.MaxRank} non-mergeable dims are not supported on {context.Device}; call Contiguous() first.");
        }

        var rank = sizes.Count;
        var dims = default(Dims8);
        var result = new Dims8[strides.Length];
        for (var j = 0; j < rank; j++)
        {
            // Collected innermost first: reverse into outermost-first order.
            dims[rank - 1 - j] = sizes[j];
            for (var k = 0; k < strides.Length; k++)
            {
                result[k][rank - 1 - j] = st[j][k];
            }
        }

        return (rank, dims, result);

        static bool Mergeable(ReadOnlySpan<int[]> strides, int d, int[] inner, int innerSize)
        {
            for (var k = 0; k < strides.Length; k++)
            {
                if ((long)strides[k][d] != (long)inner[k] * innerSize)
                {
                    return false;
                }
            }

            return true;
        }
    }
}

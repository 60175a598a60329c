namespace AutoDiffGen.OpenCL;

/// <summary>Reductions, softmax and matrix products on the device.</summary>
internal static partial class OpenCLOps
{
    /// <summary>The sum of all elements as a 0-d tensor; integers and bools sum to int64, as on the CPU.</summary>
    public static Tensor SumAll(Tensor t)
    {
        var context = Ctx(t);
        var dtype = t._dtype is DType.Int32 or DType.Bool ? DType.Int64 : t._dtype;
        var x = Prepare(t, context, dtype, "Sum");
        var xc = x.Contiguous();
        var result = Tensor.AllocateOn(context, dtype, [], "Sum");
        if (xc._numel == 0)
        {
            Fill(result, 0);
        }
        else
        {
            var folded = dtype is DType.Float32 or DType.Float64 or DType.Int64 ? Fold16(context, xc) : xc;
            ReduceAll(context, context.Ops(dtype, "Sum"), "reduce_sum", folded, result);
            if (!ReferenceEquals(folded, xc))
            {
                folded.Dispose();
            }
        }

        Free(xc, x);
        Free(x, t);
        return result;
    }

    /// <summary>The largest or smallest element as a 0-d tensor.</summary>
    public static Tensor Extreme(Tensor t, bool max, string name)
    {
        if (t._numel == 0)
        {
            throw new TensorShapeException(
                $"{name}: expected reduction dim to be specified for a tensor with no elements (shape {ShapeUtil.Format(t._shape)}). " +
                $"Specify the dim, e.g. x.{name}(0).");
        }

        var context = Ctx(t);
        var dtype = t._dtype == DType.Bool ? DType.Int32 : t._dtype;
        var x = Prepare(t, context, dtype, name);
        var xc = x.Contiguous();
        var result = Tensor.AllocateOn(context, dtype, [], name);
        ReduceAll(context, context.Ops(dtype, name), max ? "reduce_max" : "reduce_min", xc, result);
        Free(xc, x);
        Free(x, t);
        if (dtype == t._dtype)
        {
            return result;
        }

        var converted = Convert(result, t._dtype);
        result.Dispose();
        return converted;
    }

    /// <summary>The flat index of the first maximum (minimum) as a 0-d int64 tensor.</summary>
    public static Tensor ArgExtremeAll(Tensor t, bool max, string name)
    {
        if (t._numel == 0)
        {
            throw new TensorShapeException(
                $"{name}: expected reduction dim to be specified for a tensor with no elements (shape {ShapeUtil.Format(t._shape)}).");
        }

        var flat = t.Reshape(t._numel);
        var (values, indices) = ExtremeAlong(flat, 0, false, max, name);
        Free(flat, t);
        values.Dispose();
        return indices;
    }

    /// <summary>Sums along <paramref name="descendingDims"/> (normalized, largest first), as the CPU's Sum(dims).</summary>
    public static Tensor SumDims(Tensor t, int[] descendingDims, bool keepDim)
    {
        var context = Ctx(t);
        var dtype = t._dtype is DType.Int32 or DType.Bool ? DType.Int64 : t._dtype;
        var x = Prepare(t, context, dtype, "Sum");
        if (t.Dim == 0)
        {
            return ReferenceEquals(x, t) ? Convert(t, dtype) : x;
        }

        var current = x.Contiguous();
        if (!ReferenceEquals(current, x))
        {
            Free(x, t);
        }

        var program = context.Ops(dtype, "Sum");
        foreach (var d in descendingDims)
        {
            var (outer, n, inner) = Split3(current._shape, d);
            current = FoldAxis16(context, current, d, outer, ref n, inner, t);
            var shape = (int[])current._shape.Clone();
            shape[d] = 1;
            var next = Tensor.AllocateOn(context, dtype, shape, "Sum");
            LaunchLines(context, program, "sum_axis", outer * inner, [next, current, outer, n, inner]);
            Free(current, t);
            current = next;
        }

        return keepDim ? current : Rewrap(current, SqueezeShape(current._shape, descendingDims));
    }

    /// <summary>Mean of all elements (dims null) or along dims; the caller checked the dtype.</summary>
    public static Tensor Mean(Tensor t, int[]? descendingDims, bool keepDim)
    {
        long count = t._numel;
        Tensor sum;
        if (descendingDims is null)
        {
            sum = SumAll(t);
        }
        else
        {
            count = 1;
            foreach (var d in descendingDims)
            {
                count *= t._shape[d];
            }

            sum = SumDims(t, descendingDims, keepDim);
        }

        var mean = BinaryScalar(sum, sum._dtype, count, Kernels.BinaryOp.Divide, false, "Mean");
        Free(sum, t);
        return mean;
    }

    /// <summary>Maxima (minima) along a dim and their int64 indices, the first one on ties, NaN winning.</summary>
    public static (Tensor Values, Tensor Indices) ExtremeAlong(Tensor t, int dim, bool keepDim, bool max, string name)
    {
        var context = Ctx(t);
        if (t.Dim == 0)
        {
            ShapeUtil.NormalizeDim(dim, 1, name);
            return (Convert(t, t._dtype), FullLike(t, [], 0, DType.Int64));
        }

        var d = ShapeUtil.NormalizeDim(dim, t.Dim, name);
        if (t._shape[d] == 0)
        {
            throw new TensorShapeException(
                $"{name}: expected reduction dim {d} to have non-zero size (shape {ShapeUtil.Format(t._shape)}).");
        }

        var dtype = t._dtype == DType.Bool ? DType.Int32 : t._dtype;
        var x = Prepare(t, context, dtype, name);
        var xc = x.Contiguous();
        var (outer, n, inner) = Split3(xc._shape, d);
        var shape = (int[])t._shape.Clone();
        shape[d] = 1;
        var values = Tensor.AllocateOn(context, dtype, shape, name);
        var indices = Tensor.AllocateOn(context, DType.Int64, (int[])shape.Clone(), name);
        LaunchLines(context, context.Ops(dtype, name), "ext_axis", outer * inner, [values, indices, xc, outer, n, inner, max ? 1 : 0]);
        Free(xc, x);
        Free(x, t);
        if (dtype != t._dtype)
        {
            var converted = Convert(values, t._dtype);
            values.Dispose();
            values = converted;
        }

        return keepDim
            ? (values, indices)
            : (Rewrap(values, SqueezeShape(shape, [d])), Rewrap(indices, SqueezeShape(shape, [d])));
    }

    public static Tensor Softmax(Tensor t, int dim, bool log, string name)
    {
        var context = Ctx(t);
        var d = t.Dim == 0 ? ShapeUtil.NormalizeDim(dim, 1, name) : ShapeUtil.NormalizeDim(dim, t.Dim, name);
        var dtype = t._dtype.IsFloatingPoint() ? t._dtype : DType.Float32;
        if (t.Dim == 0)
        {
            return FullLike(t, [], log ? 0 : 1, dtype);
        }

        var x = Prepare(t, context, dtype, name);
        var xc = x.Contiguous();
        var (outer, n, inner) = Split3(xc._shape, d);
        var output = Tensor.AllocateOn(context, dtype, (int[])t._shape.Clone(), name);
        LaunchLines(context, context.Ops(dtype, name), "softmax_axis", outer * inner, [output, xc, outer, n, inner, log ? 1 : 0]);
        Free(xc, x);
        Free(x, t);
        return output;
    }

    /// <summary>a (..., m, k) · b (..., k, n) with broadcast batch dims, both read through their strides.</summary>
    public static Tensor BatchedMatMul(Tensor a, Tensor b, int[] batch, int[] shape, int m, int n, int k, string name) =>
        BatchedMatMul(a, b, batch, shape, m, n, k, name, null, 0);

    /// <summary>
    /// c [m, n] ← c + alpha · a [m, k] · b [k, n] on the device (a fused SGD update: the weight written straight from
    /// its gradient's product); c is dense and contiguous.
    /// </summary>
    public static void MatMulUpdate(Tensor a, Tensor b, Tensor c, double alpha)
    {
        var (m, k, n) = (a._shape[0], a._shape[1], b._shape[1]);
        BatchedMatMul(a, b, [], [m, n], m, n, k, "FusedUpdate", c, alpha);
    }

    private static Tensor BatchedMatMul(Tensor a, Tensor b, int[] batch, int[] shape, int m, int n, int k, string name, Tensor? update, double alpha)
    {
        if (a._storage is null || b._storage is null || a._storage.Context != b._storage.Context)
        {
            throw TensorDeviceException.Mismatch(name, a.Device, b.Device);
        }

        var context = Ctx(a);
        var output = update ?? Tensor.AllocateOn(context, a._dtype, shape, name);
        var count = ShapeUtil.NumElements(batch);
        if (count == 0 || m == 0 || n == 0)
        {
            return output;
        }

        if (batch.Length > OpenCLSources.MaxRank)
        {
            throw new NotSupportedException($"{name}: more than {OpenCLSources.MaxRank} batch dims are not supported on {context.Device}.");
        }

        var stridesA = ShapeUtil.BroadcastStrides(a._shape.AsSpan(0, a.Dim - 2), a._strides.AsSpan(0, a.Dim - 2), batch);
        var stridesB = ShapeUtil.BroadcastStrides(b._shape.AsSpan(0, b.Dim - 2), b._strides.AsSpan(0, b.Dim - 2), batch);
        Dims8 batchShape = default, batchA = default, batchB = default;
        for (var i = 0; i < batch.Length; i++)
        {
            batchShape[i] = batch[i];
            batchA[i] = stridesA[i];
            batchB[i] = stridesB[i];
        }

        // Large products take the register-blocked kernel (64×64 per group); small ones, where a 64×64 block
        // would be mostly padding, the plain tiled one.
        var blocked = context.Tile >= 16 && m >= OpenCLSources.BlockTile && n >= OpenCLSources.BlockTile;
        var tile = context.Tile;
        long[] global = blocked
            ? [RoundUp(n, OpenCLSources.BlockTile) / OpenCLSources.BlockTile * OpenCLSources.BlockThreads, RoundUp(m, OpenCLSources.BlockTile) / OpenCLSources.BlockTile * OpenCLSources.BlockThreads, count]
            : [RoundUp(n, tile), RoundUp(m, tile), count];
        long[] local = blocked ? [OpenCLSources.BlockThreads, OpenCLSources.BlockThreads, 1] : [tile, tile, 1];
        context.Ops(a._dtype, name).Launch(
            blocked ? "matmul_blocked" : "matmul",
            global,
            local,
            output, a, b, m, n, k, a._strides[^2], a._strides[^1], b._strides[^2], b._strides[^1], batch.Length,
            OpenCLArg.FromDims(batchShape), OpenCLArg.FromDims(batchA), OpenCLArg.FromDims(batchB),
            ScalarArg(a._dtype, alpha), update is null ? 0 : 1);
        return output;
    }

    /// <summary>Reduces a contiguous tensor to one value: partial results per work-group, then one group over those.</summary>
    // Sixteen elements per work-item with straight-line loads (x[i], x[i + g], … x[i + 15g]): consecutive work-items
    // read consecutive elements, so CPU implementations vectorise it (PoCL: 16M floats in ~2 ms, where the
    // work-group tree reduction alone, with its barriers, took ~60 ms) and GPUs coalesce it.
    private const string FoldSource = """
        #ifdef cl_khr_fp64
        #pragma OPENCL EXTENSION cl_khr_fp64 : enable
        #endif
        __kernel void fold16(__global const T* x, const int ox, __global T* out, const int oo, const int g, const int rem)
        {
            const int i = get_global_id(0);
            const __global T* p = x + ox + i;
            T sum = ((p[0] + p[g]) + (p[2 * g] + p[3 * g])) + ((p[4 * g] + p[5 * g]) + (p[6 * g] + p[7 * g]))
                  + ((p[8 * g] + p[9 * g]) + (p[10 * g] + p[11 * g])) + ((p[12 * g] + p[13 * g]) + (p[14 * g] + p[15 * g]));
            if (i < rem)
            {
                sum += p[16 * g];
            }

            out[oo + i] = sum;
        }
        """;

    private const string FoldAxisSource = """
        #ifdef cl_khr_fp64
        #pragma OPENCL EXTENSION cl_khr_fp64 : enable
        #endif
        __kernel void fold16_axis(__global const T* x, const int ox, __global T* out, const int oo, const int n, const int inner, const int g, const int rem)
        {
            const int idx = get_global_id(0);
            const int i = idx % inner;
            const int j = (idx / inner) % g;
            const int o = idx / (inner * g);
            const int s = g * inner;
            const __global T* p = x + ox + ((o * n) + j) * inner + i;
            T sum = ((p[0] + p[s]) + (p[2 * s] + p[3 * s])) + ((p[4 * s] + p[5 * s]) + (p[6 * s] + p[7 * s]))
                  + ((p[8 * s] + p[9 * s]) + (p[10 * s] + p[11 * s])) + ((p[12 * s] + p[13 * s]) + (p[14 * s] + p[15 * s]));
            if (j < rem)
            {
                sum += p[16 * s];
            }

            out[oo + idx] = sum;
        }
        """;

    /// <summary>
    /// Shortens a long reduced axis before <c>sum_axis</c>, which gives each output one work-item: a sum of 16M
    /// elements into a few outputs (the adjoint of a scalar broadcast over a big tensor) took 1.2 s on an H100 that
    /// way. Each pass sums 16 rows of the axis into one, in parallel over every output, until the axis is short or
    /// there are outputs enough to fill the device. Same fixed order every run, so results stay deterministic.
    /// </summary>
    private static Tensor FoldAxis16(OpenCLContext context, Tensor current, int d, int outer, ref int n, int inner, Tensor original)
    {
        while (n >= 16 * 64 && (long)outer * inner < 64 * 1024 && current._dtype is DType.Float32 or DType.Float64 or DType.Int64)
        {
            var g = n / 16;
            var rem = n - (16 * g);
            var shape = (int[])current._shape.Clone();
            shape[d] = g;
            var folded = Tensor.AllocateOn(context, current._dtype, shape, "Sum");
            var program = OpenCLRuntime.Program(context.Device, FoldAxisSource, "-DT=" + OpenCLRuntime.CType(current._dtype));
            program.Launch("fold16_axis", (long)outer * g * inner, current, folded, n, inner, g, rem);
            Free(current, original);
            current = folded;
            n = g;
        }

        return current;
    }

    /// <summary>A contiguous tensor with the same sum and 1/16 of the elements (repeatedly, down to a few thousand).</summary>
    private static Tensor Fold16(OpenCLContext context, Tensor x)
    {
        var current = x;
        while (current._numel >= 16 * 4096)
        {
            var g = current._numel / 16;
            var rem = current._numel - (16 * g);
            var folded = Tensor.AllocateOn(context, current._dtype, [g], "Sum");
            var program = OpenCLRuntime.Program(context.Device, FoldSource, "-DT=" + OpenCLRuntime.CType(current._dtype));
            program.Launch("fold16", g, current, folded, g, rem);
            if (!ReferenceEquals(current, x))
            {
                current.Dispose();
            }

            current = folded;
        }

        return current;
    }

    private static void ReduceAll(OpenCLContext context, OpenCLProgram program, string kernel, Tensor x, Tensor result)
    {
        var wg = context.WorkGroupSize;
        var groups = (int)Math.Min((x._numel + (long)wg - 1) / wg, 256);
        if (groups == 1)
        {
            program.Launch(kernel, [wg], [wg], result, x, x._numel);
            return;
        }

        var partial = Tensor.AllocateOn(context, x._dtype, [groups], kernel);
        program.Launch(kernel, [(long)groups * wg], [wg], partial, x, x._numel);
        program.Launch(kernel, [wg], [wg], result, partial, groups);
        partial.Dispose();
    }

    /// <summary>One work-item per line of a (outer, n, inner) view: reductions and softmax along a dim.</summary>
    private static void LaunchLines(OpenCLContext context, OpenCLProgram program, string kernel, int lines, ReadOnlySpan<OpenCLArg> args)
    {
        if (lines > 0)
        {
            var wg = Math.Min(context.WorkGroupSize, 64);
            program.Launch(kernel, [RoundUp(lines, wg)], [wg], args);
        }
    }

    private static (int Outer, int N, int Inner) Split3(int[] shape, int d)
    {
        var outer = 1;
        for (var i = 0; i < d; i++)
        {
            outer *= shape[i];
        }

        var inner = 1;
        for (var i = d + 1; i < shape.Length; i++)
        {
            inner *= shape[i];
        }

        return (outer, shape[d], inner);
    }

    private static int[] SqueezeShape(int[] shape, int[] dims)
    {
        var result = new List<int>(shape.Length);
        for (var i = 0; i < shape.Length; i++)
        {
            if (Array.IndexOf(dims, i) < 0)
            {
                result.Add(shape[i]);
            }
        }

        return [.. result];
    }
}

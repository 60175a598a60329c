using AutoDiffGen.Kernels;

namespace AutoDiffGen.OpenCL;

/// <summary>Elementwise ops on the device, with the CPU's type promotion and broadcasting rules.</summary>
internal static partial class OpenCLOps
{
    public static Tensor Binary(Tensor a, Tensor b, BinaryOp op, string name)
    {
        var context = Common(name, a, b);
        var dtype = Tensor.ResultType(a, b);
        if (op == BinaryOp.Divide && !dtype.IsFloatingPoint())
        {
            dtype = DType.Float32;
        }

        if (dtype == DType.Bool)
        {
            // bool op bool stays bool, as on the CPU: through int32, with '-' refused.
            if (op == BinaryOp.Subtract)
            {
                throw new TensorDTypeException(
                    $"{name}: subtraction, the '-' operator, with two bool tensors is not supported. Use LogicalXor() or convert with To(DType.Int32) first.");
            }

            var ai = Prepare(a, context, DType.Int32, name);
            var bi = Prepare(b, context, DType.Int32, name);
            var sum = Binary(ai, bi, op, name);
            Free(ai, a);
            Free(bi, b);
            var result = Convert(sum, DType.Bool);
            sum.Dispose();
            return result;
        }

        var x = Prepare(a, context, dtype, name);
        var y = Prepare(b, context, dtype, name);
        var shape = x._shape.AsSpan().SequenceEqual(y._shape) ? (int[])x._shape.Clone() : ShapeUtil.Broadcast(x._shape, y._shape, name);
        var output = Tensor.AllocateOn(context, dtype, shape, name);
        Map(
            context.Ops(dtype, name), context, "bin_" + OpenCLSources.BinaryName(op), shape, [output, x, y],
            [output._strides, Tensor.ExpandStridesTo(x, shape, name), Tensor.ExpandStridesTo(y, shape, name)]);
        Free(x, a);
        Free(y, b);
        return output;
    }

    public static Tensor BinaryScalar(Tensor a, DType dtype, double value, BinaryOp op, bool scalarFirst, string name)
    {
        var context = Ctx(a);
        var x = Prepare(a, context, dtype, name);
        var output = Tensor.AllocateOn(context, dtype, (int[])x._shape.Clone(), name);
        Map(
            context.Ops(dtype, name), context, "sca_" + OpenCLSources.BinaryName(op), output._shape, [output, x], [output._strides, x._strides],
            ScalarArg(dtype, value), scalarFirst ? 1 : 0);
        Free(x, a);
        return output;
    }

    /// <summary>t = t op other; the caller has checked the dtype, the broadcast shape and internal overlap.</summary>
    public static Tensor BinaryInPlace(Tensor t, Tensor other, BinaryOp op, string name)
    {
        if (t._storage is null)
        {
            throw TensorDeviceException.Mismatch(name, t.Device, other.Device);
        }

        var context = Common(name, t, other);
        if (other._storage == t._storage && other._dtype == t._dtype
            && (other._offset != t._offset || !other._strides.AsSpan().SequenceEqual(t._strides) || !other._shape.AsSpan().SequenceEqual(t._shape)))
        {
            throw new InvalidOperationException(
                $"{name}: the operand shares memory with this tensor through a different layout, so some elements would be read after " +
                "being overwritten. Pass a copy instead, e.g. x.AddInPlace(x.T.Clone()).");
        }

        if (t._dtype == DType.Bool)
        {
            var r = Binary(t, other, op, name);
            CopyFrom(t, r);
            r.Dispose();
            return t;
        }

        var y = Prepare(other, context, t._dtype, name);
        Map(
            context.Ops(t._dtype, name), context, "bin_" + OpenCLSources.BinaryName(op), t._shape, [t, t, y],
            [t._strides, t._strides, Tensor.ExpandStridesTo(y, t._shape, name)]);
        Free(y, other);
        return t;
    }

    public static Tensor ScalarInPlace(Tensor t, double value, BinaryOp op, string name)
    {
        var context = Ctx(t);
        if (t._dtype == DType.Bool)
        {
            throw NotSupported(name + " on a bool tensor", t);
        }

        Map(
            context.Ops(t._dtype, name), context, "sca_" + OpenCLSources.BinaryName(op), t._shape, [t, t], [t._strides, t._strides],
            ScalarArg(t._dtype, value), 0);
        return t;
    }

    /// <summary>this += alpha · other, the optimizer step.</summary>
    public static Tensor AddScaledInPlace(Tensor t, Tensor other, double alpha)
    {
        var scaled = Tensor.BinaryScalar(other, alpha, false, BinaryOp.Multiply, false, "AddInPlace");
        t.AddInPlace(scaled);
        scaled.Dispose();
        return t;
    }

    public static Tensor Unary(Tensor t, UnaryOp op, string name)
    {
        var context = Ctx(t);
        var dtype = op.NeedsFloat() && !t._dtype.IsFloatingPoint() ? DType.Float32 : t._dtype;
        if (dtype == DType.Bool)
        {
            if (op == UnaryOp.Negate)
            {
                throw new TensorDTypeException($"{name}: negation, the '-' operator, on a bool tensor is not supported. Use LogicalNot() instead.");
            }

            var asInt = Convert(t, DType.Int32);
            var r = Unary(asInt, op, name);
            asInt.Dispose();
            var result = Convert(r, DType.Bool);
            r.Dispose();
            return result;
        }

        var x = Prepare(t, context, dtype, name);
        var output = Tensor.AllocateOn(context, dtype, (int[])x._shape.Clone(), name);
        Map(context.Ops(dtype, name), context, UnaryKernel(op), output._shape, [output, x], [output._strides, x._strides]);
        Free(x, t);
        return output;
    }

    public static Tensor UnaryInPlace(Tensor t, UnaryOp op, string name)
    {
        var context = Ctx(t);
        if (t._dtype == DType.Bool)
        {
            var r = Unary(t, op, name);
            CopyFrom(t, r);
            r.Dispose();
            return t;
        }

        Map(context.Ops(t._dtype, name), context, UnaryKernel(op), t._shape, [t, t], [t._strides, t._strides]);
        return t;
    }

    public static Tensor Compare(Tensor a, Tensor b, CompareOp op, string name)
    {
        var context = Common(name, a, b);
        var dtype = Tensor.ResultType(a, b);
        if (dtype == DType.Bool)
        {
            dtype = DType.Int32;
        }

        var x = Prepare(a, context, dtype, name);
        var y = Prepare(b, context, dtype, name);
        var shape = ShapeUtil.Broadcast(x._shape, y._shape, name);
        var output = Tensor.AllocateOn(context, DType.Bool, shape, name);
        Map(
            context.Ops(dtype, name), context, "cmp_" + OpenCLSources.CompareName(op), shape, [output, x, y],
            [output._strides, Tensor.ExpandStridesTo(x, shape, name), Tensor.ExpandStridesTo(y, shape, name)]);
        Free(x, a);
        Free(y, b);
        return output;
    }

    public static Tensor Where(Tensor condition, Tensor x, Tensor y)
    {
        const string name = "Where";
        var context = Common(name, condition, x, y);
        var dtype = Tensor.ResultType(x, y);
        var shape = ShapeUtil.Broadcast(ShapeUtil.Broadcast(condition._shape, x._shape, name), y._shape, name);
        var c = Prepare(condition, context, DType.Bool, name);
        var xs = Prepare(x, context, dtype, name);
        var ys = Prepare(y, context, dtype, name);
        var output = Tensor.AllocateOn(context, dtype, shape, name);
        Map(
            context.Ops(dtype, name), context, "where_", shape, [output, c, xs, ys],
            [output._strides, Tensor.ExpandStridesTo(c, shape, name), Tensor.ExpandStridesTo(xs, shape, name), Tensor.ExpandStridesTo(ys, shape, name)]);
        Free(c, condition);
        Free(xs, x);
        Free(ys, y);
        return output;
    }

    /// <summary>The number of nonzero elements, read back to the host (Any and All return a .NET bool).</summary>
    public static long CountNonzero(Tensor t)
    {
        var b = t._dtype == DType.Bool ? t : Convert(t, DType.Bool);
        var sum = SumAll(b);
        Free(b, t);
        var count = Item<long>(sum);
        sum.Dispose();
        return count;
    }

    private static string UnaryKernel(UnaryOp op) => "una_" + op.ToString().ToLowerInvariant();
}

using System.Numerics;
using AutoDiffGen.Kernels;
using AutoDiffGen.OpenCL;

namespace AutoDiffGen;

/// <summary>The drivers behind every elementwise operation: type promotion, broadcasting, and the kernel dispatch.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// PyTorch's result type for two tensors: dimensioned tensors outrank 0-d tensors within a category, and a 0-d
    /// tensor of a higher category (e.g. a float scalar tensor with an int tensor) lifts the result to its own type.
    /// </summary>
    internal static DType ResultType(Tensor a, Tensor b)
    {
        if (a._dtype == b._dtype)
        {
            return a._dtype;
        }

        var aScalar = a.Dim == 0;
        var bScalar = b.Dim == 0;
        if (aScalar == bScalar)
        {
            return DTypeExtensions.Promote(a._dtype, b._dtype);
        }

        var (dimensioned, zeroDim) = aScalar ? (b, a) : (a, b);
        return zeroDim._dtype.Category() > dimensioned._dtype.Category() ? zeroDim._dtype : dimensioned._dtype;
    }

    /// <summary>The result type of a tensor combined with a .NET scalar (which never widens a tensor of its own category).</summary>
    internal static DType ResultType(DType tensor, bool scalarIsIntegral)
    {
        if (scalarIsIntegral)
        {
            return tensor == DType.Bool ? DType.Int64 : tensor;
        }

        return tensor.IsFloatingPoint() ? tensor : DType.Float32;
    }

    internal static Tensor Binary(Tensor a, Tensor b, BinaryOp op, string name)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a._storage is not null || b._storage is not null)
        {
            return OpenCLOps.Binary(a, b, op, name);
        }

        var dtype = ResultType(a, b);
        if (op == BinaryOp.Divide && !dtype.IsFloatingPoint())
        {
            // True division, as torch.div: integer inputs give float32.
            dtype = DType.Float32;
        }

        if (dtype == DType.Bool)
        {
            return BoolBinary(a, b, op, name);
        }

        var x = a.To(dtype);
        var y = b.To(dtype);
        var sameShape = x._shape.AsSpan().SequenceEqual(y._shape);
        var shape = sameShape ? x._shape : ShapeUtil.Broadcast(x._shape, y._shape, name);
        var result = sameShape && x._contiguous
            ? Create(NewArray(dtype, x._numel), dtype, x._shape, x._strides, 0)
            : Allocate(dtype, shape);
        switch (dtype)
        {
            case DType.Float32: BinaryInto<float>(x, y, result, op); break;
            case DType.Float64: BinaryInto<double>(x, y, result, op); break;
            case DType.Int64: BinaryInto<long>(x, y, result, op); break;
            default: BinaryInto<int>(x, y, result, op); break;
        }

        return result;
    }

    /// <summary>Writes x op y into <paramref name="result"/> (whose shape is the broadcast shape; it may be x itself).</summary>
    private static void BinaryInto<T>(Tensor x, Tensor y, Tensor result, BinaryOp op)
        where T : unmanaged, INumber<T>
    {
        var n = result._numel;
        if (x._contiguous && y._contiguous && result._contiguous && x._numel == n && y._numel == n)
        {
            if (Parallelism.ShouldSplit(n))
            {
                BinarySplit(op, x.Data<T>(), x._offset, y.Data<T>(), y._offset, result.Data<T>(), result._offset, n);
            }
            else
            {
                BinaryKernels<T>.Span(op, x.ContiguousSpan<T>(), y.ContiguousSpan<T>(), result.ContiguousSpan<T>());
            }

            return;
        }

        var xs = ExpandStridesTo(x, result._shape, op.ToString());
        var ys = ExpandStridesTo(y, result._shape, op.ToString());
        var row = new BinaryKernels<T>.TensorRow { Out = result.Data<T>(), X = x.Data<T>(), Y = y.Data<T>(), Op = op };
        StridedLoop.Run(result._shape, result._strides, result._offset, xs, x._offset, ys, y._offset, ref row);
    }

    // bool op bool stays bool in PyTorch: + is logical or, * is logical and, - is refused.
    private static Tensor BoolBinary(Tensor a, Tensor b, BinaryOp op, string name) => op switch
    {
        BinaryOp.Subtract => throw new TensorDTypeException(
            $"{name}: subtraction, the '-' operator, with two bool tensors is not supported. Use LogicalXor() or convert with To(DType.Int32) first."),
        _ => Binary(a.To(DType.Int32), b.To(DType.Int32), op, name).To(DType.Bool),
    };

    internal static Tensor BinaryScalar(Tensor a, double value, bool isIntegral, BinaryOp op, bool scalarFirst, string name)
    {
        ArgumentNullException.ThrowIfNull(a);
        var dtype = ResultType(a._dtype, isIntegral);
        if (op == BinaryOp.Divide && !dtype.IsFloatingPoint())
        {
            dtype = DType.Float32;
        }

        if (op == BinaryOp.Pow && !dtype.IsFloatingPoint() && !scalarFirst && value < 0)
        {
            throw new TensorDTypeException(
                $"{name}: integers to negative integer powers are not allowed; convert the tensor with To(DType.Float32) first.");
        }

        if (a._storage is not null)
        {
            return OpenCLOps.BinaryScalar(a, dtype, value, op, scalarFirst, name);
        }

        var x = a.To(dtype);
        var result = x._contiguous
            ? Create(NewArray(dtype, x._numel), dtype, x._shape, x._strides, 0)
            : Allocate(dtype, x._shape);
        switch (dtype)
        {
            case DType.Float32: ScalarInto(x, (float)value, result, op, scalarFirst); break;
            case DType.Float64: ScalarInto(x, value, result, op, scalarFirst); break;
            case DType.Int64: ScalarInto(x, (long)value, result, op, scalarFirst); break;
            default: ScalarInto(x, (int)value, result, op, scalarFirst); break;
        }

        return result;
    }

    private static void ScalarInto<T>(Tensor x, T value, Tensor result, BinaryOp op, bool scalarFirst)
        where T : unmanaged, INumber<T>
    {
        var n = result._numel;
        if (x._contiguous && result._contiguous)
        {
            if (Parallelism.ShouldSplit(n))
            {
                ScalarSplit(op, x.Data<T>(), x._offset, value, result.Data<T>(), result._offset, n, scalarFirst);
            }
            else if (scalarFirst)
            {
                BinaryKernels<T>.ScalarSpan(op, value, x.ContiguousSpan<T>(), result.ContiguousSpan<T>());
            }
            else
            {
                BinaryKernels<T>.SpanScalar(op, x.ContiguousSpan<T>(), value, result.ContiguousSpan<T>());
            }

            return;
        }

        var row = new BinaryKernels<T>.ScalarRow { Out = result.Data<T>(), X = x.Data<T>(), Value = value, Op = op, ScalarFirst = scalarFirst };
        StridedLoop.Run(result._shape, result._strides, result._offset, x._strides, x._offset, ref row);
    }

    /// <summary>this = this op other, in place: other broadcasts to this shape and its result must fit this dtype.</summary>
    internal Tensor BinaryInPlace(Tensor other, BinaryOp op, string name)
    {
        ArgumentNullException.ThrowIfNull(other);
        var resultType = ResultType(this, other);
        if (op == BinaryOp.Divide && !resultType.IsFloatingPoint())
        {
            resultType = DType.Float32;
        }

        CheckInPlaceType(resultType, name);
        CheckNoInternalOverlap(name);
        var broadcast = ShapeUtil.Broadcast(_shape, other._shape, name);
        if (!broadcast.AsSpan().SequenceEqual(_shape))
        {
            throw new TensorShapeException(
                $"{name}: output with shape {ShapeUtil.Format(_shape)} doesn't match the broadcast shape {ShapeUtil.Format(broadcast)} " +
                $"of this tensor and the other operand ({ShapeUtil.Format(other._shape)}). An in-place result keeps this tensor's shape; " +
                "use the out-of-place operator instead.");
        }

        if (_storage is not null || other._storage is not null)
        {
            return OpenCLOps.BinaryInPlace(this, other, op, name);
        }

        // Reading an operand that shares storage through a different layout while writing would read elements
        // already overwritten (a.AddInPlace(a.T)); PyTorch refuses this too.
        if (ReferenceEquals(other._data, _data) && other._dtype == _dtype
            && (other._offset != _offset || !other._strides.AsSpan().SequenceEqual(_strides) || !other._shape.AsSpan().SequenceEqual(_shape)))
        {
            throw new InvalidOperationException(
                $"{name}: the operand shares memory with this tensor through a different layout, so some elements would be read after " +
                "being overwritten. Pass a copy instead, e.g. x.AddInPlace(x.T.Clone()).");
        }

        var y = other.To(_dtype);
        switch (_dtype)
        {
            case DType.Float32: BinaryInto<float>(this, y, this, op); break;
            case DType.Float64: BinaryInto<double>(this, y, this, op); break;
            case DType.Int64: BinaryInto<long>(this, y, this, op); break;
            case DType.Int32: BinaryInto<int>(this, y, this, op); break;
            default: CopyFrom(BoolBinary(this, y, op, name)); break;
        }

        return this;
    }

    internal Tensor ScalarInPlace(double value, bool isIntegral, BinaryOp op, string name)
    {
        var resultType = ResultType(_dtype, isIntegral);
        if (op == BinaryOp.Divide && !resultType.IsFloatingPoint())
        {
            resultType = DType.Float32;
        }

        CheckInPlaceType(resultType, name);
        CheckNoInternalOverlap(name);
        if (_storage is not null)
        {
            return OpenCLOps.ScalarInPlace(this, value, op, name);
        }

        switch (_dtype)
        {
            case DType.Float32: ScalarInto(this, (float)value, this, op, false); break;
            case DType.Float64: ScalarInto(this, value, this, op, false); break;
            case DType.Int64: ScalarInto(this, (long)value, this, op, false); break;
            default: ScalarInto(this, (int)value, this, op, false); break;
        }

        return this;
    }

    /// <summary>Refuses to write in place into an expanded tensor (a stride-0 dim of size &gt; 1), as PyTorch does.</summary>
    private void CheckNoInternalOverlap(string name)
    {
        for (var i = 0; i < _shape.Length; i++)
        {
            if (_shape[i] > 1 && _strides[i] == 0)
            {
                throw new InvalidOperationException(
                    $"{name}: unsupported operation: more than one element of the written-to tensor (shape {ShapeUtil.Format(_shape)}, " +
                    $"strides {ShapeUtil.Format(_strides)}) refers to a single memory location. Call Clone() or Contiguous() first.");
            }
        }
    }

    private void CheckInPlaceType(DType resultType, string name)
    {
        if (resultType != _dtype && resultType.Category() > _dtype.Category())
        {
            throw new TensorDTypeException(
                $"{name}: result type {resultType} can't be cast to the desired output type {_dtype}; " +
                $"the in-place operation would lose the fraction. Use the out-of-place form or convert with To(DType.{resultType}).");
        }
    }

    internal Tensor Unary(UnaryOp op, string name)
    {
        if (_storage is not null)
        {
            return OpenCLOps.Unary(this, op, name);
        }

        var dtype = op.NeedsFloat() && !_dtype.IsFloatingPoint() ? DType.Float32 : _dtype;
        if (dtype == DType.Bool)
        {
            return op == UnaryOp.Negate
                ? throw new TensorDTypeException($"{name}: negation, the '-' operator, on a bool tensor is not supported. Use LogicalNot() instead.")
                : To(DType.Int32).Unary(op, name).To(DType.Bool);
        }

        var x = To(dtype);
        var result = x._contiguous
            ? Create(NewArray(dtype, x._numel), dtype, x._shape, x._strides, 0)
            : Allocate(dtype, x._shape);
        switch (dtype)
        {
            case DType.Float32: UnaryInto<float>(x, result, op); break;
            case DType.Float64: UnaryInto<double>(x, result, op); break;
            case DType.Int64: UnaryInto<long>(x, result, op); break;
            default: UnaryInto<int>(x, result, op); break;
        }

        return result;
    }

    internal Tensor UnaryInPlace(UnaryOp op, string name)
    {
        CheckNoInternalOverlap(name);
        if (op.NeedsFloat() && !_dtype.IsFloatingPoint())
        {
            CheckInPlaceType(DType.Float32, name);
        }

        if (_storage is not null)
        {
            return OpenCLOps.UnaryInPlace(this, op, name);
        }

        switch (_dtype)
        {
            case DType.Float32: UnaryInto<float>(this, this, op); break;
            case DType.Float64: UnaryInto<double>(this, this, op); break;
            case DType.Int64: UnaryInto<long>(this, this, op); break;
            case DType.Int32: UnaryInto<int>(this, this, op); break;
            default: CopyFrom(Unary(op, name)); break;
        }

        return this;
    }

    private static void UnaryInto<T>(Tensor x, Tensor result, UnaryOp op)
        where T : unmanaged, INumber<T>
    {
        var n = result._numel;
        if (x._contiguous && result._contiguous)
        {
            if (Parallelism.ShouldSplit(n))
            {
                var (xa, ra, xo, ro) = (x.Data<T>(), result.Data<T>(), x._offset, result._offset);
                UnarySplit(op, xa, xo, ra, ro, n);
            }
            else
            {
                UnaryKernels<T>.Span(op, x.ContiguousSpan<T>(), result.ContiguousSpan<T>());
            }

            return;
        }

        var row = new UnaryKernels<T>.TensorRow { Out = result.Data<T>(), X = x.Data<T>(), Op = op };
        StridedLoop.Run(result._shape, result._strides, result._offset, x._strides, x._offset, ref row);
    }

    /// <summary>result = x + alpha · y for equal-shaped contiguous float tensors; false when the fast path does not apply.</summary>
    private static bool TryFusedMultiplyAdd(Tensor x, Tensor y, double alpha, Tensor result)
    {
        if (x._dtype != y._dtype || x._dtype != result._dtype || !x._dtype.IsFloatingPoint()
            || !x._contiguous || !y._contiguous || !result._contiguous
            || !x._shape.AsSpan().SequenceEqual(y._shape) || !x._shape.AsSpan().SequenceEqual(result._shape))
        {
            return false;
        }

        if (x._dtype == DType.Float32)
        {
            FusedMultiplyAdd(x.Data<float>(), x._offset, y.Data<float>(), y._offset, (float)alpha, result.Data<float>(), result._offset, x._numel);
        }
        else
        {
            FusedMultiplyAdd(x.Data<double>(), x._offset, y.Data<double>(), y._offset, alpha, result.Data<double>(), result._offset, x._numel);
        }

        return true;
    }

    // Each split's operands travel as a struct to the kernel helpers (no delegate or closure per call).
    private static void BinarySplit<T>(BinaryOp op, T[] xa, int xo, T[] ya, int yo, T[] ra, int ro, int n)
        where T : unmanaged, INumber<T> =>
        Parallelism.For(n, new BinaryRange<T>(op, xa, xo, ya, yo, ra, ro));

    private static void UnarySplit<T>(UnaryOp op, T[] xa, int xo, T[] ra, int ro, int n)
        where T : unmanaged, INumber<T> =>
        Parallelism.For(n, new UnaryRange<T>(op, xa, xo, ra, ro));

    private static void ScalarSplit<T>(BinaryOp op, T[] xa, int xo, T value, T[] ra, int ro, int n, bool scalarFirst)
        where T : unmanaged, INumber<T> =>
        Parallelism.For(n, new ScalarRange<T>(op, xa, xo, value, ra, ro, scalarFirst));

    private static void FusedMultiplyAddSplit<T>(T[] x, int xo, T[] y, int yo, T alpha, T[] r, int ro, int n)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Parallelism.For(n, new MultiplyAddRange<T>(x, xo, y, yo, alpha, r, ro));

    private static void FusedMultiplyAdd<T>(T[] x, int xo, T[] y, int yo, T alpha, T[] r, int ro, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Parallelism.ShouldSplit(n))
        {
            FusedMultiplyAddSplit(x, xo, y, yo, alpha, r, ro, n);
        }
        else
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd<T>(y.AsSpan(yo, n), alpha, x.AsSpan(xo, n), r.AsSpan(ro, n));
        }
    }

    /// <summary>The uninitialised array of every CPU result: from the running training step's memory when there is one.</summary>
    internal static Array NewArray(DType dtype, int n) =>
        Internal.StepMemory.Current is { } arena ? arena.RentArray(dtype, n, zeroed: false) : NewUnpooledArray(dtype, n);

    private static Array NewUnpooledArray(DType dtype, int n) => dtype switch
    {
        DType.Float32 => GC.AllocateUninitializedArray<float>(n),
        DType.Float64 => GC.AllocateUninitializedArray<double>(n),
        DType.Int64 => GC.AllocateUninitializedArray<long>(n),
        DType.Int32 => GC.AllocateUninitializedArray<int>(n),
        _ => GC.AllocateUninitializedArray<bool>(n),
    };
}

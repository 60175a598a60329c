using System.Numerics;
using AutoDiffGen.Kernels;
using AutoDiffGen.OpenCL;

namespace AutoDiffGen;

/// <summary>
/// Comparisons (bool results, broadcasting), logical ops and <see cref="Where"/>. These are methods, not operators:
/// <c>==</c> on tensors keeps .NET's reference meaning. Comparisons are not differentiable; gradient code treats
/// their results as constants.
/// </summary>
public sealed partial class Tensor
{
    public Tensor Eq(Tensor other) => Compare(this, other, CompareOp.Equal, "Eq");

    public Tensor Eq(double other) => Compare(this, ScalarLike(other), CompareOp.Equal, "Eq");

    public Tensor Ne(Tensor other) => Compare(this, other, CompareOp.NotEqual, "Ne");

    public Tensor Ne(double other) => Compare(this, ScalarLike(other), CompareOp.NotEqual, "Ne");

    public Tensor Gt(Tensor other) => Compare(this, other, CompareOp.Greater, "Gt");

    public Tensor Gt(double other) => Compare(this, ScalarLike(other), CompareOp.Greater, "Gt");

    public Tensor Ge(Tensor other) => Compare(this, other, CompareOp.GreaterOrEqual, "Ge");

    public Tensor Ge(double other) => Compare(this, ScalarLike(other), CompareOp.GreaterOrEqual, "Ge");

    public Tensor Lt(Tensor other) => Compare(this, other, CompareOp.Less, "Lt");

    public Tensor Lt(double other) => Compare(this, ScalarLike(other), CompareOp.Less, "Lt");

    public Tensor Le(Tensor other) => Compare(this, other, CompareOp.LessOrEqual, "Le");

    public Tensor Le(double other) => Compare(this, ScalarLike(other), CompareOp.LessOrEqual, "Le");

    /// <summary>True where the element is zero / false (like <c>torch.logical_not</c>).</summary>
    public Tensor LogicalNot() => Compare(To(DType.Bool), Scalar(false), CompareOp.Equal, "LogicalNot");

    public Tensor LogicalAnd(Tensor other) => Binary(To(DType.Bool), other.To(DType.Bool), BinaryOp.Multiply, "LogicalAnd");

    public Tensor LogicalOr(Tensor other) => Binary(To(DType.Bool), other.To(DType.Bool), BinaryOp.Add, "LogicalOr");

    public Tensor LogicalXor(Tensor other) => Compare(To(DType.Bool), other.To(DType.Bool), CompareOp.NotEqual, "LogicalXor");

    /// <summary>True if any element is nonzero (like <c>x.any()</c>).</summary>
    public bool Any() => _storage is not null ? OpenCLOps.CountNonzero(this) > 0 : To(DType.Bool).Contiguous().ContiguousSpan<bool>().Contains(true);

    /// <summary>True if every element is nonzero (like <c>x.all()</c>).</summary>
    public bool All() => _storage is not null ? OpenCLOps.CountNonzero(this) == _numel : !To(DType.Bool).Contiguous().ContiguousSpan<bool>().Contains(false);

    /// <summary>True when both tensors have the same shape and every element is within atol + rtol·|other| (like <c>torch.allclose</c>).</summary>
    public bool AllClose(Tensor other, double rtol = 1e-5, double atol = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!_shape.AsSpan().SequenceEqual(other._shape))
        {
            return false;
        }

        var a = ToArray<double>();
        var b = other.ToArray<double>();
        for (var i = 0; i < a.Length; i++)
        {
            if (!(Math.Abs(a[i] - b[i]) <= atol + (rtol * Math.Abs(b[i]))) && !(a[i] == b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Elements of x where condition is true, else of y (like <c>torch.where</c>); all three broadcast.</summary>
    public static Tensor Where(Tensor condition, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (condition._storage is not null || x._storage is not null || y._storage is not null)
        {
            return OpenCLOps.Where(condition, x, y);
        }

        var dtype = ResultType(x, y);
        var shape = ShapeUtil.Broadcast(ShapeUtil.Broadcast(condition._shape, x._shape, "Where"), y._shape, "Where");

        // y is first written into the result, then x overwrites it where the condition holds.
        var result = Allocate(dtype, shape).CopyFrom(y.To(dtype));
        var cond = condition.To(DType.Bool);
        var xs = x.To(dtype);
        var cs = ExpandStridesTo(cond, shape, "Where");
        var xStrides = ExpandStridesTo(xs, shape, "Where");
        switch (dtype)
        {
            case DType.Float32: WhereInto<float>(result, cond, cs, xs, xStrides); break;
            case DType.Float64: WhereInto<double>(result, cond, cs, xs, xStrides); break;
            case DType.Int64: WhereInto<long>(result, cond, cs, xs, xStrides); break;
            case DType.Int32: WhereInto<int>(result, cond, cs, xs, xStrides); break;
            default: WhereInto<bool>(result, cond, cs, xs, xStrides); break;
        }

        return result;
    }

    private static void WhereInto<T>(Tensor result, Tensor cond, int[] condStrides, Tensor x, int[] xStrides)
        where T : unmanaged
    {
        var row = new WhereKernels<T>.TensorRow
        {
            Out = result.Data<T>(),
            Condition = cond.Data<bool>(),
            X = x.Data<T>(),
            Y = result.Data<T>(),
        };
        StridedLoop.Run(result._shape, result._strides, result._offset, condStrides, cond._offset, xStrides, x._offset, ref row);
    }

    private Tensor ScalarLike(double value) =>
        Scalar(value, _dtype.IsFloatingPoint() ? _dtype : (value == Math.Floor(value) && _dtype != DType.Bool ? _dtype : DType.Float64));

    private static Tensor Compare(Tensor a, Tensor b, CompareOp op, string name)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a._storage is not null || b._storage is not null)
        {
            return OpenCLOps.Compare(a, b, op, name);
        }

        var dtype = ResultType(a, b);
        var x = dtype == DType.Bool ? a.To(DType.Int32) : a.To(dtype);
        var y = dtype == DType.Bool ? b.To(DType.Int32) : b.To(dtype);
        var shape = ShapeUtil.Broadcast(x._shape, y._shape, name);
        var result = Allocate(DType.Bool, shape);
        switch (x._dtype)
        {
            case DType.Float32: CompareInto<float>(x, y, result, op, name); break;
            case DType.Float64: CompareInto<double>(x, y, result, op, name); break;
            case DType.Int64: CompareInto<long>(x, y, result, op, name); break;
            default: CompareInto<int>(x, y, result, op, name); break;
        }

        return result;
    }

    private static void CompareInto<T>(Tensor x, Tensor y, Tensor result, CompareOp op, string name)
        where T : unmanaged, INumber<T>
    {
        var row = new CompareKernels<T>.TensorRow { Out = result.Data<bool>(), X = x.Data<T>(), Y = y.Data<T>(), Op = op };
        StridedLoop.Run(result._shape, result._strides, result._offset, ExpandStridesTo(x, result._shape, name), x._offset, ExpandStridesTo(y, result._shape, name), y._offset, ref row);
    }
}

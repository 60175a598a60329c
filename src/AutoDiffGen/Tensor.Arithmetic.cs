using AutoDiffGen.Kernels;

namespace AutoDiffGen;

/// <summary>
/// Arithmetic with broadcasting and PyTorch's type promotion. Scalars keep the tensor's dtype (an int tensor plus
/// 1 stays int; plus 1.5 becomes float32), and <c>/</c> is true division (int / int gives float32).
/// </summary>
public sealed partial class Tensor
{
    public static Tensor operator +(Tensor a, Tensor b) => Binary(a, b, BinaryOp.Add, "Add");

    public static Tensor operator +(Tensor a, double b) => BinaryScalar(a, b, false, BinaryOp.Add, false, "Add");

    public static Tensor operator +(Tensor a, long b) => BinaryScalar(a, b, true, BinaryOp.Add, false, "Add");

    public static Tensor operator +(double a, Tensor b) => BinaryScalar(b, a, false, BinaryOp.Add, true, "Add");

    public static Tensor operator +(long a, Tensor b) => BinaryScalar(b, a, true, BinaryOp.Add, true, "Add");

    public static Tensor operator -(Tensor a, Tensor b) => Binary(a, b, BinaryOp.Subtract, "Sub");

    public static Tensor operator -(Tensor a, double b) => BinaryScalar(a, b, false, BinaryOp.Subtract, false, "Sub");

    public static Tensor operator -(Tensor a, long b) => BinaryScalar(a, b, true, BinaryOp.Subtract, false, "Sub");

    public static Tensor operator -(double a, Tensor b) => BinaryScalar(b, a, false, BinaryOp.Subtract, true, "Sub");

    public static Tensor operator -(long a, Tensor b) => BinaryScalar(b, a, true, BinaryOp.Subtract, true, "Sub");

    public static Tensor operator *(Tensor a, Tensor b) => Binary(a, b, BinaryOp.Multiply, "Mul");

    public static Tensor operator *(Tensor a, double b) => BinaryScalar(a, b, false, BinaryOp.Multiply, false, "Mul");

    public static Tensor operator *(Tensor a, long b) => BinaryScalar(a, b, true, BinaryOp.Multiply, false, "Mul");

    public static Tensor operator *(double a, Tensor b) => BinaryScalar(b, a, false, BinaryOp.Multiply, true, "Mul");

    public static Tensor operator *(long a, Tensor b) => BinaryScalar(b, a, true, BinaryOp.Multiply, true, "Mul");

    public static Tensor operator /(Tensor a, Tensor b) => Binary(a, b, BinaryOp.Divide, "Div");

    public static Tensor operator /(Tensor a, double b) => BinaryScalar(a, b, false, BinaryOp.Divide, false, "Div");

    public static Tensor operator /(Tensor a, long b) => BinaryScalar(a, b, true, BinaryOp.Divide, false, "Div");

    public static Tensor operator /(double a, Tensor b) => BinaryScalar(b, a, false, BinaryOp.Divide, true, "Div");

    public static Tensor operator /(long a, Tensor b) => BinaryScalar(b, a, true, BinaryOp.Divide, true, "Div");

    public static Tensor operator -(Tensor a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return a.Unary(UnaryOp.Negate, "Neg");
    }

    public Tensor Add(Tensor other) => this + other;

    public Tensor Add(double other) => this + other;

    public Tensor Sub(Tensor other) => this - other;

    public Tensor Sub(double other) => this - other;

    public Tensor Mul(Tensor other) => this * other;

    public Tensor Mul(double other) => this * other;

    public Tensor Div(Tensor other) => this / other;

    public Tensor Div(double other) => this / other;

    public Tensor Neg() => -this;

    /// <summary>Elementwise power with a tensor exponent (broadcasting), like <c>torch.pow(x, e)</c>.</summary>
    public Tensor Pow(Tensor exponent) => Binary(this, exponent, BinaryOp.Pow, "Pow");

    /// <summary>Elementwise power, like <c>x ** 2.5</c>.</summary>
    public Tensor Pow(double exponent) => BinaryScalar(this, exponent, false, BinaryOp.Pow, false, "Pow");

    /// <summary>Elementwise integer power, like <c>x ** 2</c> (an int tensor stays int).</summary>
    public Tensor Pow(long exponent) => BinaryScalar(this, exponent, true, BinaryOp.Pow, false, "Pow");

    /// <summary>Elementwise maximum of two tensors (NaN wins), like <c>torch.maximum</c>.</summary>
    public Tensor Maximum(Tensor other) => Binary(this, other, BinaryOp.Maximum, "Maximum");

    /// <summary>Elementwise minimum of two tensors (NaN wins), like <c>torch.minimum</c>.</summary>
    public Tensor Minimum(Tensor other) => Binary(this, other, BinaryOp.Minimum, "Minimum");

    /// <summary>Limits every element to [min, max], like <c>x.clamp(min, max)</c>.</summary>
    public Tensor Clamp(double? min = null, double? max = null)
    {
        // Whole-number bounds on an integer tensor keep its dtype, as torch.clamp does with int bounds.
        var integral = _dtype.IsIntegral()
            && (min is not { } a || a == Math.Floor(a))
            && (max is not { } b || b == Math.Floor(b));
        var result = this;
        if (min is { } lo)
        {
            result = BinaryScalar(result, lo, integral, BinaryOp.Maximum, false, "Clamp");
        }

        if (max is { } hi)
        {
            result = BinaryScalar(result, hi, integral, BinaryOp.Minimum, false, "Clamp");
        }

        return ReferenceEquals(result, this) ? Clone() : result;
    }

    /// <summary>this += other (like <c>y.add_(x)</c>); other broadcasts to this shape. Returns this.</summary>
    public Tensor AddInPlace(Tensor other) => BinaryInPlace(other, BinaryOp.Add, "AddInPlace");

    public Tensor AddInPlace(double other) => ScalarInPlace(other, false, BinaryOp.Add, "AddInPlace");

    public Tensor AddInPlace(long other) => ScalarInPlace(other, true, BinaryOp.Add, "AddInPlace");

    /// <summary>this += alpha · other (like <c>p.add_(g, alpha=-lr)</c>), the update step of an optimizer, in one pass. Returns this.</summary>
    public Tensor AddInPlace(Tensor other, double alpha)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (_storage is not null || other._storage is not null)
        {
            return OpenCL.OpenCLOps.AddScaledInPlace(this, other, alpha);
        }

        return TryFusedMultiplyAdd(this, other, alpha, this) ? this : AddInPlace(other * alpha);
    }

    /// <summary>this + alpha · other in one pass over memory (like <c>torch.add(x, y, alpha=a)</c>; STREAM's triad).</summary>
    public Tensor Add(Tensor other, double alpha)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (_storage is null && other._storage is null && _dtype == other._dtype && _dtype.IsFloatingPoint() && _contiguous && other._contiguous && _shape.AsSpan().SequenceEqual(other._shape))
        {
            var result = Create(NewArray(_dtype, _numel), _dtype, _shape, _strides, 0);
            TryFusedMultiplyAdd(this, other, alpha, result);
            return result;
        }

        return this + (other * alpha);
    }

    public Tensor SubInPlace(Tensor other) => BinaryInPlace(other, BinaryOp.Subtract, "SubInPlace");

    public Tensor SubInPlace(double other) => ScalarInPlace(other, false, BinaryOp.Subtract, "SubInPlace");

    public Tensor SubInPlace(long other) => ScalarInPlace(other, true, BinaryOp.Subtract, "SubInPlace");

    public Tensor MulInPlace(Tensor other) => BinaryInPlace(other, BinaryOp.Multiply, "MulInPlace");

    public Tensor MulInPlace(double other) => ScalarInPlace(other, false, BinaryOp.Multiply, "MulInPlace");

    public Tensor MulInPlace(long other) => ScalarInPlace(other, true, BinaryOp.Multiply, "MulInPlace");

    public Tensor DivInPlace(Tensor other) => BinaryInPlace(other, BinaryOp.Divide, "DivInPlace");

    public Tensor DivInPlace(double other) => ScalarInPlace(other, false, BinaryOp.Divide, "DivInPlace");

    public Tensor PowInPlace(double exponent) => ScalarInPlace(exponent, false, BinaryOp.Pow, "PowInPlace");

    public Tensor NegInPlace() => UnaryInPlace(UnaryOp.Negate, "NegInPlace");
}

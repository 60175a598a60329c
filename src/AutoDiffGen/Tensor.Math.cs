using AutoDiffGen.Kernels;

namespace AutoDiffGen;

/// <summary>Elementwise math functions. Integer tensors give float32 for functions with fractional results (as torch.exp).</summary>
public sealed partial class Tensor
{
    public Tensor Exp() => Unary(UnaryOp.Exp, "Exp");

    public Tensor Log() => Unary(UnaryOp.Log, "Log");

    public Tensor Sqrt() => Unary(UnaryOp.Sqrt, "Sqrt");

    public Tensor Abs() => Unary(UnaryOp.Abs, "Abs");

    public Tensor Sin() => Unary(UnaryOp.Sin, "Sin");

    public Tensor Cos() => Unary(UnaryOp.Cos, "Cos");

    public Tensor Tanh() => Unary(UnaryOp.Tanh, "Tanh");

    /// <summary>1 / (1 + e^-x).</summary>
    public Tensor Sigmoid() => Unary(UnaryOp.Sigmoid, "Sigmoid");

    /// <summary>max(x, 0); NaN stays NaN.</summary>
    public Tensor Relu() => Unary(UnaryOp.Relu, "Relu");

    public Tensor Floor() => Unary(UnaryOp.Floor, "Floor");

    public Tensor Ceil() => Unary(UnaryOp.Ceil, "Ceil");

    /// <summary>Rounds half to even, as torch.round.</summary>
    public Tensor Round() => Unary(UnaryOp.Round, "Round");

    /// <summary>-1, 0 or 1 by sign.</summary>
    public Tensor Sign() => Unary(UnaryOp.Sign, "Sign");

    public Tensor Reciprocal() => Unary(UnaryOp.Reciprocal, "Reciprocal");

    /// <summary>x * x; as torch.square (torch.pow(x, 2)), a bool tensor gives int64.</summary>
    public Tensor Square() => _dtype == DType.Bool ? To(DType.Int64).Unary(UnaryOp.Square, "Square") : Unary(UnaryOp.Square, "Square");

    public Tensor ExpInPlace() => UnaryInPlace(UnaryOp.Exp, "ExpInPlace");

    public Tensor ReluInPlace() => UnaryInPlace(UnaryOp.Relu, "ReluInPlace");

    public Tensor SqrtInPlace() => UnaryInPlace(UnaryOp.Sqrt, "SqrtInPlace");

    public Tensor AbsInPlace() => UnaryInPlace(UnaryOp.Abs, "AbsInPlace");
}

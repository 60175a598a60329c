using System.Numerics;
using System.Numerics.Tensors;

namespace AutoDiffGen.Kernels;

/// <summary>A chunk of a large binary elementwise operation: r = x op y over [start, start + length).</summary>
internal readonly record struct BinaryRange<T>(BinaryOp Op, T[] X, int XOffset, T[] Y, int YOffset, T[] R, int ROffset) : IRangeBody
    where T : unmanaged, INumber<T>
{
    public void Run(int start, int length) =>
        BinaryKernels<T>.Span(Op, X.AsSpan(XOffset + start, length), Y.AsSpan(YOffset + start, length), R.AsSpan(ROffset + start, length));
}

/// <summary>A chunk of a large unary elementwise operation.</summary>
internal readonly record struct UnaryRange<T>(UnaryOp Op, T[] X, int XOffset, T[] R, int ROffset) : IRangeBody
    where T : unmanaged, INumber<T>
{
    public void Run(int start, int length) =>
        UnaryKernels<T>.Span(Op, X.AsSpan(XOffset + start, length), R.AsSpan(ROffset + start, length));
}

/// <summary>A chunk of a large tensor-scalar operation (scalar op x when <c>ScalarFirst</c>, else x op scalar).</summary>
internal readonly record struct ScalarRange<T>(BinaryOp Op, T[] X, int XOffset, T Value, T[] R, int ROffset, bool ScalarFirst) : IRangeBody
    where T : unmanaged, INumber<T>
{
    public void Run(int start, int length)
    {
        if (ScalarFirst)
        {
            BinaryKernels<T>.ScalarSpan(Op, Value, X.AsSpan(XOffset + start, length), R.AsSpan(ROffset + start, length));
        }
        else
        {
            BinaryKernels<T>.SpanScalar(Op, X.AsSpan(XOffset + start, length), Value, R.AsSpan(ROffset + start, length));
        }
    }
}

/// <summary>A chunk of r = x + alpha·y.</summary>
internal readonly record struct MultiplyAddRange<T>(T[] X, int XOffset, T[] Y, int YOffset, T Alpha, T[] R, int ROffset) : IRangeBody
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public void Run(int start, int length) =>
        TensorPrimitives.MultiplyAdd<T>(Y.AsSpan(YOffset + start, length), Alpha, X.AsSpan(XOffset + start, length), R.AsSpan(ROffset + start, length));
}

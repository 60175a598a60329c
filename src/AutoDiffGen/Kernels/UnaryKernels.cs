using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>The elementwise unary operations.</summary>
internal enum UnaryOp
{
    Negate,
    Abs,
    Exp,
    Log,
    Sqrt,
    Sin,
    Cos,
    Tanh,
    Sigmoid,
    Relu,
    Floor,
    Ceil,
    Round,
    Sign,
    Reciprocal,
    Square,
}

internal static class UnaryOpFacts
{
    /// <summary>Ops whose result is floating point even for integer input (as torch.exp(int) is float32).</summary>
    public static bool NeedsFloat(this UnaryOp op) =>
        op is UnaryOp.Exp or UnaryOp.Log or UnaryOp.Sqrt or UnaryOp.Sin or UnaryOp.Cos or UnaryOp.Tanh
            or UnaryOp.Sigmoid or UnaryOp.Reciprocal;
}

/// <summary>Elementwise unary kernels: whole spans through <see cref="TensorPrimitives"/>, strided rows element by element.</summary>
internal static class UnaryKernels<T>
    where T : unmanaged, INumber<T>
{
    public static void Span(UnaryOp op, ReadOnlySpan<T> x, Span<T> d)
    {
        // Some TensorPrimitives functions (Sigmoid) reject empty spans; a zero-size tensor has nothing to do.
        if (d.IsEmpty)
        {
            return;
        }

        switch (op)
        {
            case UnaryOp.Negate: TensorPrimitives.Negate(x, d); return;
            case UnaryOp.Abs when typeof(T) == typeof(float) || typeof(T) == typeof(double): TensorPrimitives.Abs(x, d); return;
            case UnaryOp.Relu: TensorPrimitives.Max(x, T.Zero, d); return;
            case UnaryOp.Square: TensorPrimitives.Multiply(x, x, d); return;
            default: break;
        }

        if (typeof(T) == typeof(float))
        {
            FloatSpan(op, MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(d));
            return;
        }

        if (typeof(T) == typeof(double))
        {
            FloatSpan(op, MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(d));
            return;
        }

        for (var i = 0; i < d.Length; i++)
        {
            d[i] = Scalar(op, x[i]);
        }
    }

    private static void FloatSpan<TF>(UnaryOp op, ReadOnlySpan<TF> x, Span<TF> d)
        where TF : unmanaged, IFloatingPointIeee754<TF>
    {
        switch (op)
        {
            case UnaryOp.Exp: TensorPrimitives.Exp(x, d); break;
            case UnaryOp.Log: TensorPrimitives.Log(x, d); break;
            case UnaryOp.Sqrt: TensorPrimitives.Sqrt(x, d); break;
            case UnaryOp.Sin: TensorPrimitives.Sin(x, d); break;
            case UnaryOp.Cos: TensorPrimitives.Cos(x, d); break;
            case UnaryOp.Tanh: TensorPrimitives.Tanh(x, d); break;
            case UnaryOp.Sigmoid: TensorPrimitives.Sigmoid(x, d); break;
            case UnaryOp.Floor: TensorPrimitives.Floor(x, d); break;
            case UnaryOp.Ceil: TensorPrimitives.Ceiling(x, d); break;
            case UnaryOp.Reciprocal: TensorPrimitives.Reciprocal(x, d); break;
            default:
                for (var i = 0; i < d.Length; i++)
                {
                    d[i] = FloatScalar(op, x[i]);
                }

                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Scalar(UnaryOp op, T x)
    {
        switch (op)
        {
            case UnaryOp.Negate: return -x;
            // Not T.Abs: it throws for the minimum integer, which PyTorch (two's complement) leaves as it is.
            case UnaryOp.Abs: return T.IsNegative(x) ? -x : x;
            case UnaryOp.Relu: return T.IsNaN(x) ? x : T.Max(x, T.Zero);
            case UnaryOp.Square: return x * x;
            case UnaryOp.Sign: return T.IsNaN(x) ? x : T.CreateTruncating(T.Sign(x));
            default: break;
        }

        if (typeof(T) == typeof(float))
        {
            return (T)(object)FloatScalar(op, (float)(object)x);
        }

        if (typeof(T) == typeof(double))
        {
            return (T)(object)FloatScalar(op, (double)(object)x);
        }

        // Integer input: rounding ops are the identity; float-valued ops never reach here (inputs are converted first).
        return op is UnaryOp.Floor or UnaryOp.Ceil or UnaryOp.Round
            ? x
            : throw new InvalidOperationException($"{op} is not defined for integer elements.");
    }

    private static TF FloatScalar<TF>(UnaryOp op, TF x)
        where TF : unmanaged, IFloatingPointIeee754<TF> => op switch
        {
            UnaryOp.Negate => -x,
            UnaryOp.Abs => TF.Abs(x),
            UnaryOp.Exp => TF.Exp(x),
            UnaryOp.Log => TF.Log(x),
            UnaryOp.Sqrt => TF.Sqrt(x),
            UnaryOp.Sin => TF.Sin(x),
            UnaryOp.Cos => TF.Cos(x),
            UnaryOp.Tanh => TF.Tanh(x),
            UnaryOp.Sigmoid => TF.One / (TF.One + TF.Exp(-x)),
            UnaryOp.Relu => TF.IsNaN(x) ? x : TF.Max(x, TF.Zero),
            UnaryOp.Floor => TF.Floor(x),
            UnaryOp.Ceil => TF.Ceiling(x),

            // torch.round rounds half to even, which is .NET's default.
            UnaryOp.Round => TF.Round(x),
            UnaryOp.Sign => TF.IsNaN(x) ? x : TF.CreateTruncating(TF.Sign(x)),
            UnaryOp.Reciprocal => TF.One / x,
            UnaryOp.Square => x * x,
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };

    internal struct TensorRow : IRowAction
    {
        public T[] Out;
        public T[] X;
        public UnaryOp Op;

        public void Row(int o0, int o1, int o2, int len, int s0, int s1, int s2)
        {
            ref var pd = ref MemoryMarshal.GetArrayDataReference(Out);
            ref var px = ref MemoryMarshal.GetArrayDataReference(X);
            if (s0 == 1 && s1 == 1)
            {
                Span(Op, MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref px, o1), len), MemoryMarshal.CreateSpan(ref Unsafe.Add(ref pd, o0), len));
                return;
            }

            for (var i = 0; i < len; i++)
            {
                Unsafe.Add(ref pd, o0 + (i * s0)) = Scalar(Op, Unsafe.Add(ref px, o1 + (i * s1)));
            }
        }
    }
}

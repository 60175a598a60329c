using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>The elementwise binary operations; the kernels switch on it once per row, not per element.</summary>
internal enum BinaryOp
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Maximum,
    Minimum,
    Pow,
}

/// <summary>
/// Elementwise binary kernels over spans of one element type. Rows with unit strides (or one broadcast operand) go
/// to <see cref="TensorPrimitives"/>; other rows run a scalar loop.
/// </summary>
internal static class BinaryKernels<T>
    where T : unmanaged, INumber<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Scalar(BinaryOp op, T x, T y) => op switch
    {
        BinaryOp.Add => x + y,
        BinaryOp.Subtract => x - y,
        BinaryOp.Multiply => x * y,
        BinaryOp.Divide => x / y,
        BinaryOp.Maximum => T.IsNaN(x) || T.IsNaN(y) ? x + y : T.Max(x, y),
        BinaryOp.Minimum => T.IsNaN(x) || T.IsNaN(y) ? x + y : T.Min(x, y),
        BinaryOp.Pow => Pow(x, y),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static void Span(BinaryOp op, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
    {
        if (d.IsEmpty)
        {
            return;
        }

        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, d); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(x, y, d); break;
            case BinaryOp.Divide: TensorPrimitives.Divide(x, y, d); break;
            case BinaryOp.Maximum: TensorPrimitives.Max(x, y, d); break;
            case BinaryOp.Minimum: TensorPrimitives.Min(x, y, d); break;
            default:
                for (var i = 0; i < d.Length; i++)
                {
                    d[i] = Scalar(op, x[i], y[i]);
                }

                break;
        }
    }

    public static void SpanScalar(BinaryOp op, ReadOnlySpan<T> x, T y, Span<T> d)
    {
        if (d.IsEmpty)
        {
            return;
        }

        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, d); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(x, y, d); break;
            case BinaryOp.Divide: TensorPrimitives.Divide(x, y, d); break;
            case BinaryOp.Maximum: TensorPrimitives.Max(x, y, d); break;
            case BinaryOp.Minimum: TensorPrimitives.Min(x, y, d); break;
            case BinaryOp.Pow when y == T.CreateTruncating(2):
                TensorPrimitives.Multiply(x, x, d);
                break;
            default:
                for (var i = 0; i < d.Length; i++)
                {
                    d[i] = Scalar(op, x[i], y);
                }

                break;
        }
    }

    public static void ScalarSpan(BinaryOp op, T x, ReadOnlySpan<T> y, Span<T> d)
    {
        if (d.IsEmpty)
        {
            return;
        }

        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(y, x, d); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(y, x, d); break;
            case BinaryOp.Divide: TensorPrimitives.Divide(x, y, d); break;
            case BinaryOp.Maximum: TensorPrimitives.Max(y, x, d); break;
            case BinaryOp.Minimum: TensorPrimitives.Min(y, x, d); break;
            default:
                for (var i = 0; i < d.Length; i++)
                {
                    d[i] = Scalar(op, x, y[i]);
                }

                break;
        }
    }

    private static T Pow(T x, T y)
    {
        if (typeof(T) == typeof(float))
        {
            return (T)(object)MathF.Pow((float)(object)x, (float)(object)y);
        }

        if (typeof(T) == typeof(double))
        {
            return (T)(object)Math.Pow((double)(object)x, (double)(object)y);
        }

        // Integer power by squaring, as torch.pow on integer tensors. A negative exponent (possible with a tensor
        // exponent) truncates like C's 1 / x^-y, as ATen's powi: 1 for x == 1, ±1 for x == -1, otherwise 0.
        var e = long.CreateTruncating(y);
        if (e < 0)
        {
            return x == T.One ? T.One : x == -T.One ? ((e & 1) != 0 ? x : T.One) : T.Zero;
        }

        var result = T.One;
        var b = x;
        while (e > 0)
        {
            if ((e & 1) != 0)
            {
                result *= b;
            }

            b *= b;
            e >>= 1;
        }

        return result;
    }

    /// <summary>One row of a binary op: out = x op y with any strides (0 = broadcast).</summary>
    internal struct TensorRow : IRowAction
    {
        public T[] Out;
        public T[] X;
        public T[] Y;
        public BinaryOp Op;

        public void Row(int o0, int o1, int o2, int len, int s0, int s1, int s2)
        {
            ref var pd = ref MemoryMarshal.GetArrayDataReference(Out);
            ref var px = ref MemoryMarshal.GetArrayDataReference(X);
            ref var py = ref MemoryMarshal.GetArrayDataReference(Y);
            if (s0 == 1)
            {
                var d = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref pd, o0), len);
                if (s1 == 1 && s2 == 1)
                {
                    Span(Op, MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref px, o1), len), MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref py, o2), len), d);
                    return;
                }

                if (s1 == 1 && s2 == 0)
                {
                    SpanScalar(Op, MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref px, o1), len), Unsafe.Add(ref py, o2), d);
                    return;
                }

                if (s1 == 0 && s2 == 1)
                {
                    ScalarSpan(Op, Unsafe.Add(ref px, o1), MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref py, o2), len), d);
                    return;
                }
            }

            for (var i = 0; i < len; i++)
            {
                Unsafe.Add(ref pd, o0 + (i * s0)) = Scalar(Op, Unsafe.Add(ref px, o1 + (i * s1)), Unsafe.Add(ref py, o2 + (i * s2)));
            }
        }
    }

    /// <summary>One row of a tensor-scalar op: out = x op s (or s op x when <see cref="ScalarFirst"/>).</summary>
    internal struct ScalarRow : IRowAction
    {
        public T[] Out;
        public T[] X;
        public T Value;
        public BinaryOp Op;
        public bool ScalarFirst;

        public void Row(int o0, int o1, int o2, int len, int s0, int s1, int s2)
        {
            ref var pd = ref MemoryMarshal.GetArrayDataReference(Out);
            ref var px = ref MemoryMarshal.GetArrayDataReference(X);
            if (s0 == 1 && s1 == 1)
            {
                var d = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref pd, o0), len);
                var x = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref px, o1), len);
                if (ScalarFirst)
                {
                    ScalarSpan(Op, Value, x, d);
                }
                else
                {
                    SpanScalar(Op, x, Value, d);
                }

                return;
            }

            for (var i = 0; i < len; i++)
            {
                var x = Unsafe.Add(ref px, o1 + (i * s1));
                Unsafe.Add(ref pd, o0 + (i * s0)) = ScalarFirst ? Scalar(Op, Value, x) : Scalar(Op, x, Value);
            }
        }
    }
}

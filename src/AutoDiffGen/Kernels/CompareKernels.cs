using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>Elementwise comparisons; the result is always bool.</summary>
internal enum CompareOp
{
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}

internal static class CompareKernels<T>
    where T : unmanaged, INumber<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Scalar(CompareOp op, T x, T y) => op switch
    {
        CompareOp.Equal => x == y,
        CompareOp.NotEqual => x != y,
        CompareOp.Greater => x > y,
        CompareOp.GreaterOrEqual => x >= y,
        CompareOp.Less => x < y,
        _ => x <= y,
    };

    /// <summary>out = x op y over strided rows (y stride 0 for a broadcast operand or a scalar).</summary>
    internal struct TensorRow : IRowAction
    {
        public bool[] Out;
        public T[] X;
        public T[] Y;
        public CompareOp Op;

        public void Row(int o0, int o1, int o2, int len, int s0, int s1, int s2)
        {
            ref var pd = ref MemoryMarshal.GetArrayDataReference(Out);
            ref var px = ref MemoryMarshal.GetArrayDataReference(X);
            ref var py = ref MemoryMarshal.GetArrayDataReference(Y);
            for (var i = 0; i < len; i++)
            {
                Unsafe.Add(ref pd, o0 + (i * s0)) = Scalar(Op, Unsafe.Add(ref px, o1 + (i * s1)), Unsafe.Add(ref py, o2 + (i * s2)));
            }
        }
    }
}

/// <summary>where(cond, x, y) over strided rows of one element type.</summary>
internal static class WhereKernels<T>
    where T : unmanaged
{
    internal struct TensorRow : IRowAction
    {
        public T[] Out;
        public bool[] Condition;
        public T[] X;
        public T[] Y;

        // Y is the output itself, already holding y (see Tensor.Where), so it shares the output's offsets.
        public void Row(int o0, int o1, int o2, int len, int s0, int s1, int s2)
        {
            ref var pd = ref MemoryMarshal.GetArrayDataReference(Out);
            ref var pc = ref MemoryMarshal.GetArrayDataReference(Condition);
            ref var px = ref MemoryMarshal.GetArrayDataReference(X);
            ref var py = ref MemoryMarshal.GetArrayDataReference(Y);
            for (var i = 0; i < len; i++)
            {
                var at = o0 + (i * s0);
                Unsafe.Add(ref pd, at) = Unsafe.Add(ref pc, o1 + (i * s1)) ? Unsafe.Add(ref px, o2 + (i * s2)) : Unsafe.Add(ref py, at);
            }
        }
    }
}

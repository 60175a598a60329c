using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>Strided copies (same element type) and fills: the work behind Contiguous, Cat, slice assignment.</summary>
internal static class CopyKernels<T>
    where T : unmanaged
{
    internal struct CopyRow : IRowAction
    {
        public T[] Out;
        public T[] X;

        public void Row(int o0, int o1, int o2, int len, int s0, int s1, int s2)
        {
            ref var pd = ref MemoryMarshal.GetArrayDataReference(Out);
            ref var px = ref MemoryMarshal.GetArrayDataReference(X);
            if (s0 == 1 && s1 == 1)
            {
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref px, o1), len)
                    .CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref pd, o0), len));
                return;
            }

            if (s0 == 1 && s1 == 0)
            {
                MemoryMarshal.CreateSpan(ref Unsafe.Add(ref pd, o0), len).Fill(Unsafe.Add(ref px, o1));
                return;
            }

            for (var i = 0; i < len; i++)
            {
                Unsafe.Add(ref pd, o0 + (i * s0)) = Unsafe.Add(ref px, o1 + (i * s1));
            }
        }
    }

    internal struct FillRow : IRowAction
    {
        public T[] Out;
        public T Value;

        public void Row(int o0, int o1, int o2, int len, int s0, int s1, int s2)
        {
            ref var pd = ref MemoryMarshal.GetArrayDataReference(Out);
            if (s0 == 1)
            {
                MemoryMarshal.CreateSpan(ref Unsafe.Add(ref pd, o0), len).Fill(Value);
                return;
            }

            for (var i = 0; i < len; i++)
            {
                Unsafe.Add(ref pd, o0 + (i * s0)) = Value;
            }
        }
    }
}

/// <summary>Element type conversion between dtypes, with C-cast semantics as in PyTorch (float → int truncates).</summary>
internal static class ConvertKernels
{
    public static void Convert<TFrom, TTo>(ReadOnlySpan<TFrom> x, Span<TTo> d)
        where TFrom : unmanaged, INumber<TFrom>
        where TTo : unmanaged, INumber<TTo>
    {
        System.Numerics.Tensors.TensorPrimitives.ConvertTruncating(x, d);
    }

    public static void ToBool<TFrom>(ReadOnlySpan<TFrom> x, Span<bool> d)
        where TFrom : unmanaged, INumber<TFrom>
    {
        for (var i = 0; i < x.Length; i++)
        {
            d[i] = x[i] != TFrom.Zero;
        }
    }

    public static void FromBool<TTo>(ReadOnlySpan<bool> x, Span<TTo> d)
        where TTo : unmanaged, INumber<TTo>
    {
        for (var i = 0; i < x.Length; i++)
        {
            d[i] = x[i] ? TTo.One : TTo.Zero;
        }
    }
}

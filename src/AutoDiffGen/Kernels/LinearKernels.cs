using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Building blocks of the layer kernels (Linear, Conv2d): a strided matrix product that picks a plain loop for tiny
/// products and the blocked <see cref="Gemm"/> otherwise, a bias broadcast over rows, and column sums. Operands are
/// read through element strides, so transposed operands (Wᵀ, adjointᵀ) are multiplied without a copy.
/// </summary>
internal static unsafe class LinearKernels
{
    /// <summary>Below this many multiply-adds packing for the blocked kernel costs more than it saves.</summary>
    private const long TinyProduct = 4096;

    /// <summary>C (m×n, row stride ldc) = A·B, or C += A·B when <paramref name="accumulate"/>.</summary>
    public static void Product<T>(int m, int n, int k, T* a, nint ars, nint acs, T* b, nint brs, nint bcs, T* c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (acs == 1 && brs == 1 && (m < Gemm.MR || n < Gemm.MR) && k >= 64)
        {
            // A's rows and B's columns are contiguous along k and one side is thinner than a micro-tile (a conv's
            // weight adjoint: few output channels or a small kernel, long rows of positions): one vectorised dot
            // product per element beats padding every tile of the blocked kernel.
            Dots(m, n, k, a, ars, b, bcs, c, ldc, accumulate);
            return;
        }

        if ((long)m * n * k > TinyProduct)
        {
            if (typeof(T) == typeof(float))
            {
                Gemm.Multiply(m, n, k, (float*)a, ars, acs, (float*)b, brs, bcs, (float*)c, ldc, accumulate);
            }
            else
            {
                Gemm.Multiply(m, n, k, (double*)a, ars, acs, (double*)b, brs, bcs, (double*)c, ldc, accumulate);
            }

            return;
        }

        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = T.Zero;
                for (var p = 0; p < k; p++)
                {
                    sum += a[(i * ars) + (p * acs)] * b[(p * brs) + (j * bcs)];
                }

                ref var target = ref c[(i * ldc) + j];
                target = accumulate ? target + sum : sum;
            }
        }
    }

    /// <summary>
    /// C ← C + α·(A·B) (the plain SGD update θ ← θ − γ·g fused into the product g = A·B, α = −γ·sign), choosing the
    /// same kernel <see cref="Product{T}"/> would, so each sum is rounded exactly as in the unfused gradient and the
    /// update then matches <see cref="SgdKernels"/> bit for bit. Depths past one GEMM block go through a scratch product.
    /// </summary>
    public static void ProductUpdate<T>(int m, int n, int k, T* a, nint ars, nint acs, T* b, nint brs, nint bcs, T* c, nint ldc, double alpha)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0 || k == 0)
        {
            // A zero gradient leaves θ as θ − γ·0 would.
            return;
        }

        var dots = acs == 1 && brs == 1 && (m < Gemm.MR || n < Gemm.MR) && k >= 64;
        if (!dots && (long)m * n * k > TinyProduct && k <= Gemm.KC)
        {
            Gemm.MultiplyUpdate(m, n, k, a, ars, acs, b, brs, bcs, c, ldc, alpha);
            return;
        }

        // The other kernels (and depths past one GEMM block) write the gradient into a scratch matrix first; the same
        // Product call as the unfused path, so the sums are the same bits, then the update.
        var size = m * n;
        var scratch = System.Buffers.ArrayPool<T>.Shared.Rent(size);
        try
        {
            fixed (T* g = scratch)
            {
                Product(m, n, k, a, ars, acs, b, brs, bcs, g, n, false);
                for (var i = 0; i < m; i++)
                {
                    var target = new Span<T>(c + (i * ldc), n);
                    var source = new ReadOnlySpan<T>(g + (i * n), n);
                    for (var j = 0; j < n; j++)
                    {
                        target[j] = T.CreateTruncating(double.CreateTruncating(target[j]) + (alpha * double.CreateTruncating(source[j])));
                    }
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<T>.Shared.Return(scratch);
        }
    }

    private static void Dots<T>(int m, int n, int k, T* a, nint ars, T* b, nint bcs, T* c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                T dot;
                if (typeof(T) == typeof(float))
                {
                    var d = TensorPrimitives.Dot(new ReadOnlySpan<float>(a + (i * ars), k), new ReadOnlySpan<float>(b + (j * bcs), k));
                    dot = Unsafe.As<float, T>(ref d);
                }
                else
                {
                    var d = TensorPrimitives.Dot(new ReadOnlySpan<double>(a + (i * ars), k), new ReadOnlySpan<double>(b + (j * bcs), k));
                    dot = Unsafe.As<double, T>(ref d);
                }

                ref var target = ref c[(i * ldc) + j];
                target = accumulate ? target + dot : dot;
            }
        }
    }

    /// <summary>Copies <paramref name="row"/> into each of the <paramref name="rows"/> rows of c (row stride ldc).</summary>
    public static void BroadcastRows<T>(ReadOnlySpan<T> row, T* c, int rows, nint ldc)
        where T : unmanaged
    {
        for (var i = 0; i < rows; i++)
        {
            row.CopyTo(new Span<T>(c + (i * ldc), row.Length));
        }
    }

    /// <summary>sums[j] = Σ_i a[i, j] over an m×n matrix read through its strides (the bias adjoint of a product).</summary>
    public static void ColumnSums<T>(T* a, int m, int n, nint rs, nint cs, Span<T> sums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        sums.Clear();
        if (cs == 1)
        {
            for (var i = 0; i < m; i++)
            {
                var row = new ReadOnlySpan<T>(a + (i * rs), n);
                AddInto(row, sums);
            }

            return;
        }

        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                sums[j] += a[(i * rs) + (j * cs)];
            }
        }
    }

    /// <summary>dst += src, vectorised.</summary>
    public static void AddInto<T>(ReadOnlySpan<T> src, Span<T> dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            var d = MemoryMarshal.Cast<T, float>(dst);
            TensorPrimitives.Add(d, MemoryMarshal.Cast<T, float>(src), d);
        }
        else
        {
            var d = MemoryMarshal.Cast<T, double>(dst);
            TensorPrimitives.Add(d, MemoryMarshal.Cast<T, double>(src), d);
        }
    }

    /// <summary>Σ src in double, for statistics that must not lose digits over long float rows.</summary>
    public static double Sum<T>(ReadOnlySpan<T> src)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sum = 0.0;
        for (var i = 0; i < src.Length; i++)
        {
            sum += double.CreateTruncating(src[i]);
        }

        return sum;
    }
}

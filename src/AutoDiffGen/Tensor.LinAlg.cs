using System.Numerics;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

/// <summary>Matrix products with PyTorch's rank rules, inverse by LU, and distances.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product with PyTorch's rules (like <c>a @ b</c>): 1-D·1-D is a dot product, 2-D·2-D a matrix product,
    /// a 1-D operand gets a dim of size 1 that is removed afterwards, and leading batch dims broadcast.
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Dim == 0 || b.Dim == 0)
        {
            throw new TensorShapeException(
                $"MatMul: both arguments need at least 1 dimension, but got {a.Dim}-D and {b.Dim}-D tensors (shapes {ShapeUtil.Format(a._shape)} and {ShapeUtil.Format(b._shape)}).");
        }

        CheckSameDType(a, b, "MatMul");
        if (a.Dim == 1 && b.Dim == 1)
        {
            if (a._shape[0] != b._shape[0])
            {
                throw new TensorShapeException(
                    $"MatMul: 1-D tensors are expected to have the same size for a dot product, got {a._shape[0]} and {b._shape[0]}.");
            }

            return BatchedMatMul(a.Unsqueeze(0), b.Unsqueeze(1), "MatMul").Reshape();
        }

        var x = a.Dim == 1 ? a.Unsqueeze(0) : a;
        var y = b.Dim == 1 ? b.Unsqueeze(1) : b;
        var result = BatchedMatMul(x, y, "MatMul");
        if (a.Dim == 1)
        {
            result = result.Squeeze(-2);
        }

        if (b.Dim == 1)
        {
            result = result.Squeeze(-1);
        }

        return result;
    }

    /// <summary>Matrix product with another tensor (like <c>a.matmul(b)</c>).</summary>
    public Tensor MatMul(Tensor other) => MatMul(this, other);

    /// <summary>Product of two matrices (like <c>a.mm(b)</c>); both must be 2-D.</summary>
    public Tensor Mm(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Dim != 2 || other.Dim != 2)
        {
            throw new TensorShapeException(
                $"Mm: both arguments must be matrices (2-D), got shapes {ShapeUtil.Format(_shape)} and {ShapeUtil.Format(other._shape)}. Use MatMul for other ranks.");
        }

        CheckSameDType(this, other, "Mm");
        return BatchedMatMul(this, other, "Mm");
    }

    /// <summary>Dot product of two 1-D tensors (like <c>torch.dot</c>): [1,2,3]·[1,2,3] = 14.</summary>
    public Tensor Dot(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Dim != 1 || other.Dim != 1)
        {
            throw new TensorShapeException(
                $"Dot: 1-D tensors expected, but got shapes {ShapeUtil.Format(_shape)} and {ShapeUtil.Format(other._shape)}.");
        }

        return MatMul(this, other);
    }

    /// <summary>The inverse of a square matrix, or of each matrix in a batch (like <c>A.inverse()</c>), by LU with partial pivoting.</summary>
    public Tensor Inverse()
    {
        if (_storage is not null)
        {
            throw OpenCL.OpenCLOps.NotSupported("Inverse", this);
        }

        if (Dim < 2 || _shape[^1] != _shape[^2])
        {
            throw new TensorShapeException(
                $"Inverse: a must be batches of square matrices, but they are {(Dim < 2 ? ShapeUtil.Format(_shape) : $"{_shape[^2]} by {_shape[^1]}")} matrices.");
        }

        if (!_dtype.IsFloatingPoint())
        {
            throw new TensorDTypeException($"Inverse: expected a floating-point tensor, got {_dtype}. Convert with To(DType.Float32) first.");
        }

        var x = Contiguous();
        var n = _shape[^1];
        var result = Allocate(_dtype, _shape);
        var count = n == 0 ? 0 : _numel / (n * n);
        for (var i = 0; i < count; i++)
        {
            if (_dtype == DType.Float32)
            {
                Lu.Inverse(x.ContiguousSpan<float>().Slice(i * n * n, n * n), result.ContiguousSpan<float>().Slice(i * n * n, n * n), n, "Inverse");
            }
            else
            {
                Lu.Inverse(x.ContiguousSpan<double>().Slice(i * n * n, n * n), result.ContiguousSpan<double>().Slice(i * n * n, n * n), n, "Inverse");
            }
        }

        return result;
    }

    /// <summary>The p-norm of (this - other) over all elements (like <c>torch.dist(a, b, p)</c>); p may be 0 or ±∞.</summary>
    public Tensor Dist(Tensor other, double p = 2)
    {
        ArgumentNullException.ThrowIfNull(other);
        return (this - other).Norm(p);
    }

    /// <summary>The p-norm over all elements (like <c>x.norm(p)</c>): p = 2 is Euclidean, 1 the sum of |x|, ∞ the max |x|, 0 the count of nonzeros.</summary>
    public Tensor Norm(double p = 2)
    {
        CheckFloat("Norm");
        if (_numel == 0)
        {
            return Scalar(double.IsNegativeInfinity(p) ? double.PositiveInfinity : 0, _dtype);
        }

        var abs = Abs();
        if (double.IsPositiveInfinity(p))
        {
            return abs.Max();
        }

        if (double.IsNegativeInfinity(p))
        {
            return abs.Min();
        }

        if (p == 0)
        {
            return (abs.Sign()).Sum();
        }

        if (p == 1)
        {
            return abs.Sum();
        }

        if (p == 2)
        {
            return abs.Square().Sum().Sqrt();
        }

        return abs.Pow(p).Sum().Pow(1 / p);
    }

    private static void CheckSameDType(Tensor a, Tensor b, string name)
    {
        if (a._dtype != b._dtype)
        {
            throw new TensorDTypeException(
                $"{name}: expected both arguments to have the same dtype, but got {a._dtype} and {b._dtype}. Convert one with To(DType.{DTypeExtensions.Promote(a._dtype, b._dtype)}).");
        }

        if (a._dtype == DType.Bool)
        {
            throw new TensorDTypeException($"{name}: not implemented for bool tensors; convert with To(DType.Int64) or To(DType.Float32).");
        }
    }

    /// <summary>a (..., m, k) · b (..., k, n) with broadcast batch dims; reads both operands through their strides.</summary>
    private static Tensor BatchedMatMul(Tensor a, Tensor b, string name)
    {
        var m = a._shape[^2];
        var k = a._shape[^1];
        var k2 = b._shape[^2];
        var n = b._shape[^1];
        if (k != k2)
        {
            throw new TensorShapeException(
                a.Dim == 2 && b.Dim == 2
                    ? $"{name}: mat1 and mat2 shapes cannot be multiplied ({m}x{k} and {k2}x{n}). The inner sizes must match; transpose one of them (e.g. b.T) if that is what you meant."
                    : $"{name}: shapes {ShapeUtil.Format(a._shape)} and {ShapeUtil.Format(b._shape)} cannot be multiplied: the last dim of the first ({k}) must equal the second-to-last dim of the second ({k2}).");
        }

        var batchA = a._shape.AsSpan(0, a.Dim - 2);
        var batchB = b._shape.AsSpan(0, b.Dim - 2);
        var batch = ShapeUtil.Broadcast(batchA, batchB, name);
        var shape = ShapeUtil.NewInts(batch.Length + 2);
        batch.CopyTo(shape, 0);
        shape[^2] = m;
        shape[^1] = n;
        if (a._storage is not null || b._storage is not null)
        {
            return OpenCL.OpenCLOps.BatchedMatMul(a, b, batch, shape, m, n, k, name);
        }

        var result = Allocate(a._dtype, shape);
        var batchStridesA = ShapeUtil.BroadcastStrides(batchA, a._strides.AsSpan(0, a.Dim - 2), batch);
        var batchStridesB = ShapeUtil.BroadcastStrides(batchB, b._strides.AsSpan(0, b.Dim - 2), batch);
        var count = ShapeUtil.NumElements(batch);
        Span<int> index = stackalloc int[batch.Length];
        for (var i = 0; i < count; i++)
        {
            var rem = i;
            int offA = a._offset, offB = b._offset;
            for (var d = batch.Length - 1; d >= 0; d--)
            {
                index[d] = rem % batch[d];
                rem /= batch[d];
                offA += index[d] * batchStridesA[d];
                offB += index[d] * batchStridesB[d];
            }

            var offC = i * m * n;

            // Tiny products (a regression's 5x1·1x1) cost less as a plain loop than packing for the blocked kernel.
            var tiny = (long)m * n * k <= 4096;
            switch (a._dtype)
            {
                case DType.Float32 when tiny:
                    NaiveGemm<float>(a, offA, b, offB, result, offC, m, n, k);
                    break;
                case DType.Float64 when tiny:
                    NaiveGemm<double>(a, offA, b, offB, result, offC, m, n, k);
                    break;
                case DType.Float32:
                    Gemm32(a, offA, b, offB, result, offC, m, n, k);
                    break;
                case DType.Float64:
                    Gemm64(a, offA, b, offB, result, offC, m, n, k);
                    break;
                case DType.Int64:
                    NaiveGemm<long>(a, offA, b, offB, result, offC, m, n, k);
                    break;
                default:
                    NaiveGemm<int>(a, offA, b, offB, result, offC, m, n, k);
                    break;
            }
        }

        return result;
    }

    private static unsafe void Gemm32(Tensor a, int offA, Tensor b, int offB, Tensor c, int offC, int m, int n, int k)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* pa = a.Data<float>(), pb = b.Data<float>(), pc = c.Data<float>())
        {
            Gemm.Multiply(m, n, k, pa + offA, a._strides[^2], a._strides[^1], pb + offB, b._strides[^2], b._strides[^1], pc + offC, n, false);
        }
    }

    private static unsafe void Gemm64(Tensor a, int offA, Tensor b, int offB, Tensor c, int offC, int m, int n, int k)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (double* pa = a.Data<double>(), pb = b.Data<double>(), pc = c.Data<double>())
        {
            Gemm.Multiply(m, n, k, pa + offA, a._strides[^2], a._strides[^1], pb + offB, b._strides[^2], b._strides[^1], pc + offC, n, false);
        }
    }

    // Integer and tiny matrix products: a plain loop, accumulating in the element type like the blocked kernel.
    private static void NaiveGemm<T>(Tensor a, int offA, Tensor b, int offB, Tensor c, int offC, int m, int n, int k)
        where T : unmanaged, INumber<T>
    {
        var pa = a.Data<T>();
        var pb = b.Data<T>();
        var pc = c.Data<T>();
        int ar = a._strides[^2], ac = a._strides[^1], br = b._strides[^2], bc = b._strides[^1];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = T.Zero;
                for (var p = 0; p < k; p++)
                {
                    sum += pa[offA + (i * ar) + (p * ac)] * pb[offB + (p * br) + (j * bc)];
                }

                pc[offC + (i * n) + j] = sum;
            }
        }
    }
}

using System.Numerics;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

/// <summary>
/// The affine layer op (like <c>torch.nn.functional.linear</c>) and its gradients. On the CPU the weight is read as
/// Wᵀ through its strides, the bias is written into the output before the product accumulates onto it, and the
/// gradients are products with transposed operands: no transposed copies and no temporary besides the results.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>
    /// input · weightᵀ + bias (like <c>F.linear(input, weight, bias)</c>): input [..., in], weight [out, in],
    /// bias [out] or null; the result is [..., out].
    /// </summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        var (rows, inFeatures, outFeatures) = CheckLinear(input, weight, bias);
        var shape = ShapeUtil.Copy(input._shape);
        shape[^1] = outFeatures;
        if (input._storage is not null)
        {
            var y = MatMul(input, weight.T);
            return bias is null ? y : y.AddInPlace(bias);
        }

        var result = Allocate(input._dtype, shape);
        var x = input.Reshape(ShapeUtil.Of(rows, inFeatures));
        if (input._dtype == DType.Float32)
        {
            LinearForward<float>(x, weight, bias, result, rows, inFeatures, outFeatures);
        }
        else
        {
            LinearForward<double>(x, weight, bias, result, rows, inFeatures, outFeatures);
        }

        return result;
    }

    /// <summary>The input's adjoint, adjoint · weight, shaped like the input.</summary>
    internal static Tensor LinearInputGradient(Tensor input, Tensor weight, Tensor adjoint)
    {
        var (rows, inFeatures, outFeatures) = CheckLinear(input, weight, null);
        if (input._storage is not null || adjoint._storage is not null)
        {
            return MatMul(adjoint.Reshape(ShapeUtil.Of(rows, outFeatures)), weight).Reshape(input._shape);
        }

        var g = adjoint.To(input._dtype).Reshape(ShapeUtil.Of(rows, outFeatures));
        var result = Allocate(input._dtype, input._shape);
        if (input._dtype == DType.Float32)
        {
            Product<float>(g, weight, result, rows, inFeatures, outFeatures, false);
        }
        else
        {
            Product<double>(g, weight, result, rows, inFeatures, outFeatures, false);
        }

        return result;
    }

    /// <summary>
    /// The weight's adjoint, adjointᵀ · input (the sum over rows of outer products). Inside a training step's
    /// <see cref="Internal.FusedUpdate"/> scope the product is left to the optimizer, which writes the updated weight
    /// straight from it, and a zero placeholder is returned instead.
    /// </summary>
    internal static Tensor LinearWeightGradient(Tensor input, Tensor weight, Tensor adjoint)
    {
        var (rows, inFeatures, outFeatures) = CheckLinear(input, weight, null);
        if (Internal.FusedUpdate.IsActive
            && Internal.FusedUpdate.TryDefer(As2D(input, rows, inFeatures), weight, As2D(adjoint, rows, outFeatures), out var placeholder))
        {
            return placeholder;
        }

        if (input._storage is not null || adjoint._storage is not null)
        {
            return MatMul(adjoint.Reshape(ShapeUtil.Of(rows, outFeatures)).T, input.Reshape(ShapeUtil.Of(rows, inFeatures)));
        }

        var g = adjoint.To(input._dtype).Reshape(ShapeUtil.Of(rows, outFeatures));
        var x = input.Reshape(ShapeUtil.Of(rows, inFeatures));
        var result = Allocate(weight._dtype, ShapeUtil.Of(outFeatures, inFeatures));
        if (input._dtype == DType.Float32)
        {
            Product<float>(g.T, x, result, outFeatures, inFeatures, rows, false);
        }
        else
        {
            Product<double>(g.T, x, result, outFeatures, inFeatures, rows, false);
        }

        return result;
    }

    /// <summary>The bias's adjoint: the adjoint summed over every dim but the last.</summary>
    internal static unsafe Tensor LinearBiasGradient(Tensor adjoint, int outFeatures)
    {
        var rows = outFeatures == 0 ? 0 : adjoint._numel / outFeatures;
        var g = adjoint.Reshape(ShapeUtil.Of(rows, outFeatures));
        if (adjoint._storage is not null)
        {
            return g.Sum(0);
        }

        var result = Allocate(adjoint._dtype, ShapeUtil.Of(outFeatures));
        if (adjoint._dtype == DType.Float32)
        {
            fixed (float* p = g.Data<float>())
            {
                LinearKernels.ColumnSums(p + g._offset, rows, outFeatures, g._strides[0], g._strides[1], result.ContiguousSpan<float>());
            }
        }
        else
        {
            fixed (double* p = g.Data<double>())
            {
                LinearKernels.ColumnSums(p + g._offset, rows, outFeatures, g._strides[0], g._strides[1], result.ContiguousSpan<double>());
            }
        }

        return result;
    }

    private static unsafe void LinearForward<T>(Tensor x, Tensor weight, Tensor? bias, Tensor result, int rows, int inFeatures, int outFeatures)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* pc = result.Data<T>())
        {
            if (bias is not null)
            {
                var b = bias.Contiguous();
                LinearKernels.BroadcastRows<T>(b.ContiguousSpan<T>(), pc, rows, outFeatures);
            }
        }

        // x [rows, in] · Wᵀ [in, out]: Wᵀ is W read with its two strides swapped (the GEMM packs it by transposes).
        Product<T>(x, weight.T, result, rows, outFeatures, inFeatures, bias is not null);
    }

    /// <summary>C (contiguous, m×n) = / += A (m×k) · B (k×n), both read through their strides.</summary>
    private static unsafe void Product<T>(Tensor a, Tensor b, Tensor c, int m, int n, int k, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* pa = a.Data<T>(), pb = b.Data<T>(), pc = c.Data<T>())
        {
            LinearKernels.Product(m, n, k, pa + a._offset, a._strides[0], a._strides[1], pb + b._offset, b._strides[0], b._strides[1], pc + c._offset, n, accumulate);
        }
    }

    /// <summary>A [rows, cols] view of t: t itself when it already is 2-D (no view object for the usual case).</summary>
    private static Tensor As2D(Tensor t, int rows, int cols) => t.Dim == 2 ? t : t.Reshape(rows, cols);

    private static (int Rows, int In, int Out) CheckLinear(Tensor input, Tensor weight, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        CheckNNFloat(input, "input", "Linear");
        CheckNNLike(input, weight, "weight", "Linear");
        CheckNNLike(input, bias, "bias", "Linear");
        if (weight.Dim != 2)
        {
            throw new TensorShapeException(
                $"Linear: weight must be 2-D [out_features, in_features], but got shape {ShapeUtil.Format(weight._shape)}.");
        }

        if (input.Dim == 0 || input._shape[^1] != weight._shape[1])
        {
            var rows = input.Dim <= 1 ? 1 : ProductOf(input._shape.AsSpan(0, input.Dim - 1));
            throw new TensorShapeException(
                $"Linear: mat1 and mat2 shapes cannot be multiplied ({rows}x{(input.Dim == 0 ? 1 : input._shape[^1])} and {weight._shape[1]}x{weight._shape[0]}): " +
                $"the input's last dim must equal in_features, the weight's second dim (input {ShapeUtil.Format(input._shape)}, weight {ShapeUtil.Format(weight._shape)}).");
        }

        if (bias is not null && (bias.Dim != 1 || bias._shape[0] != weight._shape[0]))
        {
            throw new TensorShapeException(
                $"Linear: bias must be 1-D with out_features = {weight._shape[0]} elements, but got shape {ShapeUtil.Format(bias._shape)}.");
        }

        return (ProductOf(input._shape.AsSpan(0, input.Dim - 1)), weight._shape[1], weight._shape[0]);
    }
}

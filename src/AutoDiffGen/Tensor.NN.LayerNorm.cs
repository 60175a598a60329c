using AutoDiffGen.Kernels;

namespace AutoDiffGen;

/// <summary>
/// Layer normalisation (like <c>torch.nn.functional.layer_norm</c>) and its gradients: a row kernel on the CPU
/// (<see cref="NormKernels"/>), and a composition of reductions and elementwise ops on other devices.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>
    /// Normalises over the last dims given by <paramref name="normalizedShape"/>: (x − mean) / √(var + eps), with
    /// the biased variance, then · weight + bias (each of shape normalizedShape, or null) — like
    /// <c>F.layer_norm(input, normalized_shape, weight, bias, eps)</c>.
    /// </summary>
    public static Tensor LayerNorm(Tensor input, int[] normalizedShape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        var (rows, d) = CheckLayerNorm(input, normalizedShape, weight, bias);
        if (input._storage is not null)
        {
            var dims = TrailingDims(input.Dim, normalizedShape.Length);
            var centered = input - input.Mean(dims, keepDim: true);
            var y = centered.MulInPlace(((centered * centered).Mean(dims, keepDim: true) + eps).Sqrt().Reciprocal());
            y = weight is null ? y : y.MulInPlace(weight);
            return bias is null ? y : y.AddInPlace(bias);
        }

        var x = input.Contiguous();
        var result = Allocate(input._dtype, ShapeUtil.Copy(input._shape));
        if (input._dtype == DType.Float32)
        {
            NormKernels.LayerNormForward<float>(x.ContiguousSpan<float>(), rows, d, ParamSpan<float>(weight), ParamSpan<float>(bias), eps, result.ContiguousSpan<float>());
        }
        else
        {
            NormKernels.LayerNormForward<double>(x.ContiguousSpan<double>(), rows, d, ParamSpan<double>(weight), ParamSpan<double>(bias), eps, result.ContiguousSpan<double>());
        }

        return result;
    }

    /// <summary>The adjoints of LayerNorm's input, weight and bias; each is null when not wanted or when the argument is null.</summary>
    internal static (Tensor? Input, Tensor? Weight, Tensor? Bias) LayerNormGradients(
        Tensor input, int[] normalizedShape, Tensor? weight, Tensor? bias, double eps, Tensor adjoint, bool wantInput, bool wantWeight, bool wantBias)
    {
        var (rows, d) = CheckLayerNorm(input, normalizedShape, weight, bias);
        wantWeight &= weight is not null;
        wantBias &= bias is not null;
        if (input._storage is not null || adjoint._storage is not null)
        {
            return LayerNormGradientsComposed(input, normalizedShape, weight, eps, adjoint, wantInput, wantWeight, wantBias);
        }

        var x = input.Contiguous();
        var g = adjoint.To(input._dtype).Contiguous();
        var gx = wantInput ? Allocate(input._dtype, ShapeUtil.Copy(input._shape)) : null;
        var gw = wantWeight ? Internal.Scratch.Doubles(d) : null;
        var gb = wantBias ? Internal.Scratch.Doubles(d) : null;
        if (input._dtype == DType.Float32)
        {
            NormKernels.LayerNormBackward<float>(x.ContiguousSpan<float>(), g.ContiguousSpan<float>(), rows, d, ParamSpan<float>(weight), eps, gx is null ? default : gx.ContiguousSpan<float>(), gw, gb);
        }
        else
        {
            NormKernels.LayerNormBackward<double>(x.ContiguousSpan<double>(), g.ContiguousSpan<double>(), rows, d, ParamSpan<double>(weight), eps, gx is null ? default : gx.ContiguousSpan<double>(), gw, gb);
        }

        return (gx, gw is null ? null : FromDoubles(gw, input._dtype, normalizedShape), gb is null ? null : FromDoubles(gb, input._dtype, normalizedShape));
    }

    private static (Tensor? Input, Tensor? Weight, Tensor? Bias) LayerNormGradientsComposed(
        Tensor input, int[] normalizedShape, Tensor? weight, double eps, Tensor adjoint, bool wantInput, bool wantWeight, bool wantBias)
    {
        var dims = TrailingDims(input.Dim, normalizedShape.Length);
        var centered = input - input.Mean(dims, keepDim: true);
        var rstd = ((centered * centered).Mean(dims, keepDim: true) + eps).Sqrt().Reciprocal();
        var xhat = centered.MulInPlace(rstd);
        var shape = ShapeUtil.Copy(normalizedShape);
        Tensor? gx = null;
        if (wantInput)
        {
            var ghat = weight is null ? adjoint : adjoint * weight;
            gx = (ghat - ghat.Mean(dims, keepDim: true)).SubInPlace(xhat * (ghat * xhat).Mean(dims, keepDim: true)).MulInPlace(rstd);
        }

        return (gx, wantWeight ? (adjoint * xhat).SumToSize(shape) : null, wantBias ? adjoint.SumToSize(shape) : null);
    }

    /// <summary>The elements of an optional contiguous CPU parameter, or an empty span.</summary>
    internal static ReadOnlySpan<T> ParamSpan<T>(Tensor? t) => t is null ? default : t.Contiguous().ContiguousSpan<T>();

    /// <summary>A tensor of <paramref name="dtype"/> holding double sums.</summary>
    internal static Tensor FromDoubles(double[] values, DType dtype, int[] shape) =>
        Create(values, DType.Float64, ShapeUtil.Copy(shape)).To(dtype);

    /// <summary>A [length] tensor of <paramref name="dtype"/> with the values (see <see cref="FromDoubles(double[], DType, int[])"/>).</summary>
    internal static Tensor FromDoubles(double[] values, DType dtype, int length)
    {
        var shape = ShapeUtil.NewInts(1);
        shape[0] = length;
        return Create(values, DType.Float64, shape).To(dtype);
    }

    private static int[] TrailingDims(int rank, int count)
    {
        var dims = new int[count];
        for (var i = 0; i < count; i++)
        {
            dims[i] = rank - count + i;
        }

        return dims;
    }

    private static (int Rows, int D) CheckLayerNorm(Tensor input, int[] normalizedShape, Tensor? weight, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(normalizedShape);
        CheckNNFloat(input, "input", "LayerNorm");
        CheckNNLike(input, weight, "weight", "LayerNorm");
        CheckNNLike(input, bias, "bias", "LayerNorm");
        var k = normalizedShape.Length;
        if (k == 0 || input.Dim < k || !input._shape.AsSpan(input.Dim - k).SequenceEqual(normalizedShape))
        {
            throw new TensorShapeException(
                $"LayerNorm: Given normalized_shape={ShapeUtil.Format(normalizedShape)}, expected input with shape [*, {string.Join(", ", normalizedShape)}], but got input of size {ShapeUtil.Format(input._shape)}.");
        }

        CheckNormalizedShape(weight, "weight", normalizedShape);
        CheckNormalizedShape(bias, "bias", normalizedShape);

        var d = ProductOf(normalizedShape);
        return (d == 0 ? 0 : input._numel / d, d);
    }

    /// <summary>Checks LayerNorm's weight or bias: null, or of shape normalizedShape.</summary>
    private static void CheckNormalizedShape(Tensor? t, string what, int[] normalizedShape)
    {
        if (t is not null && !t._shape.AsSpan().SequenceEqual(normalizedShape))
        {
            throw new TensorShapeException(
                $"LayerNorm: Expected {what} to be of same shape as normalized_shape, but got {what} of shape {ShapeUtil.Format(t._shape)} and normalized_shape = {ShapeUtil.Format(normalizedShape)}.");
        }
    }
}

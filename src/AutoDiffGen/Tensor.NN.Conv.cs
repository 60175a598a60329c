using System.Numerics;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

/// <summary>
/// 2-D convolution (like <c>torch.nn.functional.conv2d</c> with dilation 1 and groups 1) and its gradients, by
/// im2col + GEMM, on the CPU (see <see cref="ConvKernels"/>) and on OpenCL devices (see <c>OpenCLOps.Conv2d</c>).
/// </summary>
public sealed partial class Tensor
{
    /// <summary>
    /// Cross-correlation of input [N, C, H, W] (or unbatched [C, H, W]) with weight [O, C, kh, kw], plus bias [O]
    /// when given (like <c>F.conv2d(input, weight, bias, stride, padding)</c>): the result is [N, O, OH, OW] with
    /// OH = ⌊(H + 2·padding − kh) / stride⌋ + 1, and likewise OW. Zero padding.
    /// </summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0) =>
        Conv2d(input, weight, bias, (stride, stride), (padding, padding));

    /// <summary>Conv2d with separate (height, width) strides and paddings, like <c>stride=(2, 1), padding=(1, 0)</c>.</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, (int Height, int Width) stride, (int Height, int Width) padding)
    {
        var g = CheckConv2d(input, weight, bias, stride, padding);
        if (input._storage is not null)
        {
            return OpenCL.OpenCLOps.Conv2d(input, weight, bias, g);
        }

        var x = input.Contiguous();
        var w = weight.Contiguous();
        var b = bias?.Contiguous();
        // Shapes come from ShapeUtil (the step's memory inside a training step), not collection expressions.
        var shape = ShapeUtil.Copy(input._shape);
        (shape[^3], shape[^2], shape[^1]) = (g.O, g.OH, g.OW);
        var result = Allocate(input._dtype, shape);
        if (input._dtype == DType.Float32)
        {
            ConvForward<float>(x, w, b, result, g);
        }
        else
        {
            ConvForward<double>(x, w, b, result, g);
        }

        return result;
    }

    /// <summary>The adjoints of the input and/or the weight (null when not wanted) of a Conv2d.</summary>
    internal static (Tensor? Input, Tensor? Weight) Conv2dGradients(
        Tensor input, Tensor weight, (int Height, int Width) stride, (int Height, int Width) padding, Tensor adjoint, bool wantInput, bool wantWeight)
    {
        var g = CheckConv2d(input, weight, null, stride, padding);
        CheckNNLike(input, adjoint, "adjoint", "Conv2d");
        if (input._storage is not null)
        {
            return OpenCL.OpenCLOps.Conv2dGradients(input, weight, adjoint, g, wantInput, wantWeight);
        }

        var x = input.Contiguous();
        var w = weight.Contiguous();
        var gy = adjoint.To(input._dtype).Contiguous();
        var gx = wantInput ? Allocate(input._dtype, ShapeUtil.Copy(input._shape)) : null;
        var gw = wantWeight ? Allocate(weight._dtype, ShapeUtil.Copy(weight._shape)) : null;
        if (input._dtype == DType.Float32)
        {
            ConvBackward<float>(x, w, gy, gx, gw, g);
        }
        else
        {
            ConvBackward<double>(x, w, gy, gx, gw, g);
        }

        return (gx, gw);
    }

    /// <summary>The bias's adjoint: the output's adjoint summed over samples and positions.</summary>
    internal static Tensor Conv2dBiasGradient(Tensor adjoint)
    {
        if (adjoint._storage is not null)
        {
            return adjoint.Sum(adjoint.Dim == 3 ? [1, 2] : [0, 2, 3]);
        }

        var gy = adjoint.Contiguous();
        var (n, o) = gy.Dim == 3 ? (1, gy._shape[0]) : (gy._shape[0], gy._shape[1]);
        var p = gy._shape[^1] * gy._shape[^2];
        var result = Allocate(gy._dtype, ShapeUtil.Of(o));
        if (gy._dtype == DType.Float32)
        {
            ConvKernels.BiasGradient<float>(gy.ContiguousSpan<float>(), n, o, p, result.ContiguousSpan<float>());
        }
        else
        {
            ConvKernels.BiasGradient<double>(gy.ContiguousSpan<double>(), n, o, p, result.ContiguousSpan<double>());
        }

        return result;
    }

    private static unsafe void ConvForward<T>(Tensor x, Tensor w, Tensor? b, Tensor y, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* px = x.Data<T>(), pw = w.Data<T>(), pb = b is null ? null : b.Data<T>(), py = y.Data<T>())
        {
            ConvKernels.Forward(px + x._offset, pw + w._offset, pb is null ? null : pb + b!._offset, py, g);
        }
    }

    private static unsafe void ConvBackward<T>(Tensor x, Tensor w, Tensor gy, Tensor? gx, Tensor? gw, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* px = x.Data<T>(), pw = w.Data<T>(), pgy = gy.Data<T>(), pgx = gx is null ? null : gx.Data<T>(), pgw = gw is null ? null : gw.Data<T>())
        {
            ConvKernels.Backward(px + x._offset, pw + w._offset, pgy + gy._offset, pgx, pgw, g);
        }
    }

    /// <summary>Checks a Conv2d call like PyTorch does (same messages where PyTorch has one) and returns its sizes.</summary>
    private static ConvGeometry CheckConv2d(Tensor input, Tensor weight, Tensor? bias, (int Height, int Width) stride, (int Height, int Width) padding)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        CheckNNFloat(input, "input", "Conv2d");
        CheckNNLike(input, weight, "weight", "Conv2d");
        CheckNNLike(input, bias, "bias", "Conv2d");
        if (input.Dim is not (3 or 4))
        {
            throw new TensorShapeException(
                $"Conv2d: expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: {ShapeUtil.Format(input._shape)}.");
        }

        if (weight.Dim != 4)
        {
            throw new TensorShapeException(
                $"Conv2d: expected 4-dimensional weight [out_channels, in_channels, kh, kw] for {input.Dim}-dimensional input {ShapeUtil.Format(input._shape)}, but got {weight.Dim}-dimensional weight of size {ShapeUtil.Format(weight._shape)} instead.");
        }

        if (stride.Height <= 0 || stride.Width <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, "Conv2d: non-positive stride is not supported.");
        }

        if (padding.Height < 0 || padding.Width < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(padding), padding, "Conv2d: negative padding is not supported.");
        }

        var batched = input.Dim == 4;
        var (n, c, h, w) = batched
            ? (input._shape[0], input._shape[1], input._shape[2], input._shape[3])
            : (1, input._shape[0], input._shape[1], input._shape[2]);
        var (o, kh, kw) = (weight._shape[0], weight._shape[2], weight._shape[3]);
        if (weight._shape[1] != c)
        {
            throw new TensorShapeException(
                $"Conv2d: Given groups=1, weight of size {ShapeUtil.Format(weight._shape)}, expected input{ShapeUtil.Format(input._shape)} to have {weight._shape[1]} channels, but got {c} channels instead.");
        }

        if (bias is not null && (bias.Dim != 1 || bias._shape[0] != o))
        {
            throw new TensorShapeException(
                $"Conv2d: Given weight of size {ShapeUtil.Format(weight._shape)}, expected bias to be 1-dimensional with {o} elements, but got bias of size {ShapeUtil.Format(bias._shape)} instead.");
        }

        var (ph, pw) = (h + (2 * padding.Height), w + (2 * padding.Width));
        if (ph < kh || pw < kw || kh == 0 || kw == 0)
        {
            throw new TensorShapeException(
                $"Conv2d: Calculated padded input size per channel: ({ph} x {pw}). Kernel size: ({kh} x {kw}). Kernel size can't be greater than actual input size.");
        }

        return new ConvGeometry(n, c, h, w, o, kh, kw, stride.Height, stride.Width, padding.Height, padding.Width);
    }
}

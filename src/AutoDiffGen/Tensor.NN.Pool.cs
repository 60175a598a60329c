using AutoDiffGen.Kernels;

namespace AutoDiffGen;

/// <summary>
/// 2-D max and average pooling (like <c>F.max_pool2d</c> and <c>F.avg_pool2d</c> with ceil_mode=False, dilation 1
/// and count_include_pad=True) and their gradients, on the CPU and on OpenCL devices.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>
    /// The maximum over each kernelSize×kernelSize window of input [N, C, H, W] (or [C, H, W]), moving by
    /// <paramref name="stride"/> (default: kernelSize), with implicit −∞ padding (at most half the kernel).
    /// The adjoint goes to the first maximum of each window.
    /// </summary>
    public static Tensor MaxPool2d(Tensor input, int kernelSize, int? stride = null, int padding = 0) =>
        MaxPool2d(input, (kernelSize, kernelSize), stride is { } s ? (s, s) : null, (padding, padding));

    /// <summary>MaxPool2d with (height, width) kernel, stride and padding.</summary>
    public static Tensor MaxPool2d(Tensor input, (int Height, int Width) kernelSize, (int Height, int Width)? stride = null, (int Height, int Width) padding = default) =>
        Pool2d(input, kernelSize, stride, padding, max: true);

    /// <summary>
    /// The mean over each kernelSize×kernelSize window of input [N, C, H, W] (or [C, H, W]); zero padding counts
    /// in the mean (PyTorch's count_include_pad=True), so every window divides by kernelSize².
    /// </summary>
    public static Tensor AvgPool2d(Tensor input, int kernelSize, int? stride = null, int padding = 0) =>
        AvgPool2d(input, (kernelSize, kernelSize), stride is { } s ? (s, s) : null, (padding, padding));

    /// <summary>AvgPool2d with (height, width) kernel, stride and padding.</summary>
    public static Tensor AvgPool2d(Tensor input, (int Height, int Width) kernelSize, (int Height, int Width)? stride = null, (int Height, int Width) padding = default) =>
        Pool2d(input, kernelSize, stride, padding, max: false);

    /// <summary>The input's adjoint of MaxPool2d (max) or AvgPool2d.</summary>
    internal static Tensor Pool2dGradient(Tensor input, (int Height, int Width) kernelSize, (int Height, int Width)? stride, (int Height, int Width) padding, Tensor adjoint, bool max)
    {
        var g = CheckPool2d(input, kernelSize, stride, padding, max ? "MaxPool2d" : "AvgPool2d");
        if (adjoint.Device != input.Device)
        {
            throw TensorDeviceException.Mismatch(max ? "MaxPool2d" : "AvgPool2d", input.Device, adjoint.Device);
        }

        if (input._storage is not null)
        {
            return OpenCL.OpenCLOps.Pool2dGradient(input, adjoint, g, max);
        }

        var x = input.Contiguous();
        var gy = adjoint.To(input._dtype).Contiguous();
        var gx = Allocate(input._dtype, ShapeUtil.Copy(input._shape));
        if (input._dtype == DType.Float32)
        {
            if (max)
            {
                PoolKernels.MaxBackward<float>(x.ContiguousSpan<float>(), gy.ContiguousSpan<float>(), gx.ContiguousSpan<float>(), g);
            }
            else
            {
                PoolKernels.AvgBackward<float>(gy.ContiguousSpan<float>(), gx.ContiguousSpan<float>(), g);
            }
        }
        else if (max)
        {
            PoolKernels.MaxBackward<double>(x.ContiguousSpan<double>(), gy.ContiguousSpan<double>(), gx.ContiguousSpan<double>(), g);
        }
        else
        {
            PoolKernels.AvgBackward<double>(gy.ContiguousSpan<double>(), gx.ContiguousSpan<double>(), g);
        }

        return gx;
    }

    private static Tensor Pool2d(Tensor input, (int Height, int Width) kernelSize, (int Height, int Width)? stride, (int Height, int Width) padding, bool max)
    {
        var g = CheckPool2d(input, kernelSize, stride, padding, max ? "MaxPool2d" : "AvgPool2d");
        if (input._storage is not null)
        {
            return OpenCL.OpenCLOps.Pool2d(input, g, max);
        }

        var x = input.Contiguous();
        var shape = ShapeUtil.Copy(input._shape);
        shape[^2] = g.OH;
        shape[^1] = g.OW;
        var y = Allocate(input._dtype, shape);
        if (input._dtype == DType.Float32)
        {
            if (max)
            {
                PoolKernels.MaxForward<float>(x.ContiguousSpan<float>(), y.ContiguousSpan<float>(), g);
            }
            else
            {
                PoolKernels.AvgForward<float>(x.ContiguousSpan<float>(), y.ContiguousSpan<float>(), g);
            }
        }
        else if (max)
        {
            PoolKernels.MaxForward<double>(x.ContiguousSpan<double>(), y.ContiguousSpan<double>(), g);
        }
        else
        {
            PoolKernels.AvgForward<double>(x.ContiguousSpan<double>(), y.ContiguousSpan<double>(), g);
        }

        return y;
    }

    private static PoolGeometry CheckPool2d(Tensor input, (int Height, int Width) kernelSize, (int Height, int Width)? stride, (int Height, int Width) padding, string op)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckNNFloat(input, "input", op);
        if (input.Dim is not (3 or 4) || input._shape.AsSpan(input.Dim - 3).Contains(0))
        {
            throw new TensorShapeException(
                $"{op}: Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got: {ShapeUtil.Format(input._shape)}.");
        }

        var s = stride ?? kernelSize;
        if (kernelSize.Height <= 0 || kernelSize.Width <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, $"{op}: kernel size should be greater than zero.");
        }

        if (s.Height <= 0 || s.Width <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), s, $"{op}: stride should be greater than zero.");
        }

        if (padding.Height < 0 || padding.Width < 0 || padding.Height > kernelSize.Height / 2 || padding.Width > kernelSize.Width / 2)
        {
            throw new ArgumentOutOfRangeException(
                nameof(padding), padding,
                $"{op}: pad should be at most half of kernel size and non-negative, but got pad=({padding.Height}, {padding.Width}) and kernel_size=({kernelSize.Height}, {kernelSize.Width}).");
        }

        var (h, w) = (input._shape[^2], input._shape[^1]);
        var planes = input._numel / (h * w);
        if (h + (2 * padding.Height) < kernelSize.Height || w + (2 * padding.Width) < kernelSize.Width)
        {
            var channels = input._shape[^3];
            var oh = (int)Math.Floor((double)(h + (2 * padding.Height) - kernelSize.Height) / s.Height) + 1;
            var ow = (int)Math.Floor((double)(w + (2 * padding.Width) - kernelSize.Width) / s.Width) + 1;
            throw new TensorShapeException(
                $"{op}: Given input size: ({channels}x{h}x{w}). Calculated output size: ({channels}x{Math.Max(0, oh)}x{Math.Max(0, ow)}). Output size is too small (the kernel {kernelSize.Height}x{kernelSize.Width} is larger than the padded input).");
        }

        return new PoolGeometry(planes, h, w, kernelSize.Height, kernelSize.Width, s.Height, s.Width, padding.Height, padding.Width);
    }
}

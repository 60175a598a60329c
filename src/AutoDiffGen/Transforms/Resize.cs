using System.Numerics;

namespace AutoDiffGen.Transforms;

/// <summary>
/// Resizes the last two dims by bilinear interpolation, like torchvision's <c>Resize</c> on tensors with
/// <c>antialias=False</c> (<c>F.interpolate(mode="bilinear", align_corners=False)</c>): output pixel (i, j) samples
/// the input at ((i + ½)·H/H′ − ½, (j + ½)·W/W′ − ½), clamped at 0, between its four neighbours. The whole picture
/// is kept (no cropping): a 32×32 CIFAR image with <c>Resize(16)</c> becomes 16×16.
/// </summary>
public sealed class Resize : Transform<Tensor, Tensor>
{
    private readonly int _height;
    private readonly int _width;
    private readonly bool _shorterSide;

    /// <summary>Scales so the shorter side becomes <paramref name="size"/>, keeping the aspect ratio (like <c>Resize(size)</c>).</summary>
    public Resize(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        _height = _width = size;
        _shorterSide = true;
    }

    /// <summary>Scales to exactly <paramref name="height"/> × <paramref name="width"/> (like <c>Resize((h, w))</c>).</summary>
    public Resize(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        (_height, _width) = (height, width);
    }

    public override Tensor Apply(Tensor input, Generator generator)
    {
        ImageTensors.RequireRank(input, 2, "Resize");
        ImageTensors.RequireFloat(input, "Resize");
        var (h, w) = ImageTensors.Size(input);
        var (outH, outW) = OutputSize(h, w);
        if (outH == h && outW == w)
        {
            return input;
        }

        if (h == 0 || w == 0)
        {
            throw new TensorShapeException($"Resize: cannot resize an empty image of shape {input.Shape}.");
        }

        var x = input.Contiguous();
        var shape = x.Shape.ToArray();
        (shape[^2], shape[^1]) = (outH, outW);
        var result = Tensor.Allocate(x.DType, shape);
        if (x.DType == DType.Float32)
        {
            Bilinear<float>(x.ContiguousSpan<float>(), result.ContiguousSpan<float>(), h, w, outH, outW);
        }
        else
        {
            Bilinear<double>(x.ContiguousSpan<double>(), result.ContiguousSpan<double>(), h, w, outH, outW);
        }

        return result;
    }

    /// <summary>torchvision's <c>_compute_resized_output_size</c>: the long side is truncated, not rounded.</summary>
    internal (int Height, int Width) OutputSize(int h, int w)
    {
        if (!_shorterSide)
        {
            return (_height, _width);
        }

        var (shorter, longer) = w <= h ? (w, h) : (h, w);
        var newLonger = (int)(_height * (double)longer / shorter);
        return w <= h ? (newLonger, _height) : (_height, newLonger);
    }

    /// <summary>PyTorch's <c>upsample_bilinear2d</c> (CPU, align_corners=False), in <typeparamref name="T"/> arithmetic.</summary>
    private static void Bilinear<T>(ReadOnlySpan<T> source, Span<T> destination, int h, int w, int outH, int outW)
        where T : unmanaged, IFloatingPoint<T>
    {
        var (y0, y1, ly) = Weights<T>(h, outH);
        var (x0, x1, lx) = Weights<T>(w, outW);
        var planes = source.Length / (h * w);
        for (var p = 0; p < planes; p++)
        {
            var input = source.Slice(p * h * w, h * w);
            var output = destination.Slice(p * outH * outW, outH * outW);
            for (var i = 0; i < outH; i++)
            {
                var row0 = input.Slice(y0[i] * w, w);
                var row1 = input.Slice(y1[i] * w, w);
                T h1 = ly[i], h0 = T.One - h1;
                for (var j = 0; j < outW; j++)
                {
                    T w1 = lx[j], w0 = T.One - w1;
                    output[(i * outW) + j] = (h0 * ((w0 * row0[x0[j]]) + (w1 * row0[x1[j]]))) + (h1 * ((w0 * row1[x0[j]]) + (w1 * row1[x1[j]])));
                }
            }
        }
    }

    /// <summary>For each output index: the two input neighbours and the weight of the second (<c>compute_indices_weights_linear</c>).</summary>
    private static (int[] First, int[] Second, T[] Lambda) Weights<T>(int inputSize, int outputSize)
        where T : unmanaged, IFloatingPoint<T>
    {
        var first = new int[outputSize];
        var second = new int[outputSize];
        var lambda = new T[outputSize];
        var scale = T.CreateTruncating(inputSize) / T.CreateTruncating(outputSize);
        var half = T.CreateTruncating(0.5);
        for (var i = 0; i < outputSize; i++)
        {
            var real = T.Max((scale * (T.CreateTruncating(i) + half)) - half, T.Zero);
            var index = Math.Min(int.CreateTruncating(T.Floor(real)), inputSize - 1);
            first[i] = index;
            second[i] = index < inputSize - 1 ? index + 1 : index;
            lambda[i] = T.Clamp(real - T.CreateTruncating(index), T.Zero, T.One);
        }

        return (first, second, lambda);
    }
}

namespace AutoDiffGen.Transforms;

/// <summary>
/// A height × width rectangle of the last two dims at a uniformly random position, like
/// <c>transforms.RandomCrop(size, padding)</c>: the image is first padded by <c>padding</c> on every side with
/// <c>fill</c> (CIFAR's usual <c>RandomCrop(32, padding: 4)</c>), and, with <c>padIfNeeded</c>, widened or heightened
/// on both sides until the crop fits. The top row is drawn uniformly from [0, H − h], then the left column from
/// [0, W − w], from the given generator.
/// </summary>
public sealed class RandomCrop : Transform<Tensor, Tensor>
{
    /// <summary>A size × size crop.</summary>
    public RandomCrop(int size, int padding = 0, bool padIfNeeded = false, double fill = 0)
        : this(size, size, padding, padIfNeeded, fill)
    {
    }

    public RandomCrop(int height, int width, int padding = 0, bool padIfNeeded = false, double fill = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        (Height, Width, Padding, PadIfNeeded, Fill) = (height, width, padding, padIfNeeded, fill);
    }

    public int Height { get; }

    public int Width { get; }

    public int Padding { get; }

    public bool PadIfNeeded { get; }

    public double Fill { get; }

    public override bool IsRandom => true;

    public override Tensor Apply(Tensor input, Generator generator)
    {
        ImageTensors.RequireRank(input, 2, "RandomCrop");
        ArgumentNullException.ThrowIfNull(generator);
        input = ImageTensors.Pad(input, Padding, Padding, Padding, Padding, Fill);
        var (h, w) = ImageTensors.Size(input);
        if (PadIfNeeded && (w < Width || h < Height))
        {
            int padW = Math.Max(Width - w, 0), padH = Math.Max(Height - h, 0);
            input = ImageTensors.Pad(input, padW, padH, padW, padH, Fill);
            (h, w) = ImageTensors.Size(input);
        }

        if (h < Height || w < Width)
        {
            throw new TensorShapeException(
                $"RandomCrop: the crop ({Height}, {Width}) is larger than the (padded) image ({h}, {w}) of shape {input.Shape}; " +
                "pass a padding, or padIfNeeded: true.");
        }

        if (h == Height && w == Width)
        {
            return input;
        }

        Span<long> position = stackalloc long[1];
        generator.FillRandInt(position, 0, h - Height + 1);
        var top = (int)position[0];
        generator.FillRandInt(position, 0, w - Width + 1);
        var left = (int)position[0];
        return ImageTensors.Crop(input, top, left, Height, Width);
    }
}

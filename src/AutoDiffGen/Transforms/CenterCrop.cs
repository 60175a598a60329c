namespace AutoDiffGen.Transforms;

/// <summary>
/// The centred height × width rectangle of the last two dims, like <c>transforms.CenterCrop</c>: the offset is
/// round((H − h) / 2) with Python's half-to-even rounding, and an image smaller than the crop is first padded with
/// zeros (extra pixel on the bottom/right), as torchvision does. Returns a view when no padding is needed.
/// </summary>
public sealed class CenterCrop : Transform<Tensor, Tensor>
{
    /// <summary>A size × size crop.</summary>
    public CenterCrop(int size)
        : this(size, size)
    {
    }

    public CenterCrop(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        (Height, Width) = (height, width);
    }

    public int Height { get; }

    public int Width { get; }

    public override Tensor Apply(Tensor input, Generator generator)
    {
        ImageTensors.RequireRank(input, 2, "CenterCrop");
        var (h, w) = ImageTensors.Size(input);
        if (Width > w || Height > h)
        {
            int padW = Math.Max(Width - w, 0), padH = Math.Max(Height - h, 0);
            input = ImageTensors.Pad(input, padW / 2, padH / 2, (padW + 1) / 2, (padH + 1) / 2, 0);
            (h, w) = ImageTensors.Size(input);
        }

        var top = (int)Math.Round((h - Height) / 2.0, MidpointRounding.ToEven);
        var left = (int)Math.Round((w - Width) / 2.0, MidpointRounding.ToEven);
        return ImageTensors.Crop(input, top, left, Height, Width);
    }
}

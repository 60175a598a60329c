namespace AutoDiffGen;

/// <summary>
/// A decoded 8-bit image in height × width × channels (HWC) order, as readers produce it and PIL holds it: what
/// <c>ToTensor</c> turns into a CHW float tensor in [0, 1]. Channels are 1 (grey), 3 (RGB) or 4 (RGBA).
/// </summary>
public sealed class Image
{
    /// <summary>Wraps <paramref name="pixels"/> (not copied) as an image of the given size.</summary>
    /// <exception cref="ArgumentException">The pixel count does not match height × width × channels.</exception>
    public Image(int height, int width, int channels, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (channels is not (1 or 3 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Image: channels must be 1 (grey), 3 (RGB) or 4 (RGBA).");
        }

        if ((long)height * width * channels != pixels.Length)
        {
            throw new ArgumentException($"Image: {height}x{width}x{channels} needs {(long)height * width * channels} bytes, but got {pixels.Length}.", nameof(pixels));
        }

        Height = height;
        Width = width;
        Channels = channels;
        Pixels = pixels;
    }

    public int Height { get; }

    public int Width { get; }

    public int Channels { get; }

    /// <summary>The pixels, row by row, channels interleaved (HWC).</summary>
    public byte[] Pixels { get; }

    /// <summary>The byte of channel <paramref name="c"/> at row <paramref name="y"/>, column <paramref name="x"/>.</summary>
    public byte this[int y, int x, int c] => Pixels[((y * Width) + x) * Channels + c];

    public override string ToString() => $"Image({Height}x{Width}x{Channels})";
}

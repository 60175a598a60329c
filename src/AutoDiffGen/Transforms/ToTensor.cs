namespace AutoDiffGen.Transforms;

/// <summary>
/// An 8-bit HWC <see cref="Image"/> as a float32 CHW tensor in [0, 1], like <c>transforms.ToTensor()</c>: a
/// 28×28 grey image becomes [1, 28, 28], a 32×32 RGB image [3, 32, 32]; each byte is divided by 255.
/// </summary>
/// <remarks>
/// Followed by <see cref="Normalize"/> in a <see cref="Compose{TIn}"/> (the usual
/// <c>new Compose&lt;Image&gt;(new ToTensor(), new Normalize(mean, std))</c>), both run as one pass that writes the
/// normalised floats straight away: one tensor per sample instead of two, the same values bit for bit.
/// </remarks>
public sealed class ToTensor : Transform<Image, Tensor>
{
    public override Tensor Apply(Image input, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(input);
        return PixelConversion.ToTensor(input, null);
    }
}

/// <summary>
/// <see cref="ToTensor"/> then <see cref="Normalize"/> in one pass over the pixels: what <see cref="Compose{TIn}"/>
/// runs when its steps start with those two.
/// </summary>
internal sealed class NormalizedToTensor(Normalize normalize) : Transform<Image, Tensor>
{
    public Normalize Normalize { get; } = normalize;

    public override Tensor Apply(Image input, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(input);
        return PixelConversion.ToTensor(input, Normalize);
    }
}

namespace AutoDiffGen.Transforms;

/// <summary>
/// An 8-bit HWC <see cref="Image"/> as a float32 CHW tensor in [0, 1], like <c>transforms.ToTensor()</c>: a
/// 28×28 grey image becomes [1, 28, 28], a 32×32 RGB image [3, 32, 32]; each byte is divided by 255.
/// </summary>
public sealed class ToTensor : Transform<Image, Tensor>
{
    // byte b → b / 255f, computed once by division so values are torchvision's bit for bit; a lookup is cheaper
    // than a division per pixel.
    private static readonly float[] _scaled = [.. Enumerable.Range(0, 256).Select(b => b / 255f)];

    public override Tensor Apply(Image input, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(input);
        int h = input.Height, w = input.Width, c = input.Channels;
        var plane = h * w;
        var values = GC.AllocateUninitializedArray<float>(c * plane);
        ReadOnlySpan<byte> pixels = input.Pixels;
        ReadOnlySpan<float> scaled = _scaled;
        for (var ch = 0; ch < c; ch++)
        {
            var destination = values.AsSpan(ch * plane, plane);
            for (int p = 0, q = ch; p < destination.Length; p++, q += c)
            {
                destination[p] = scaled[pixels[q]];
            }
        }

        return new Tensor(values, DType.Float32, [c, h, w]);
    }
}

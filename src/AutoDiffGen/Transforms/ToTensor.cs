namespace AutoDiffGen.Transforms;

/// <summary>
/// An 8-bit HWC <see cref="Image"/> as a float32 CHW tensor in [0, 1], like <c>transforms.ToTensor()</c>: a
/// 28×28 grey image becomes [1, 28, 28], a 32×32 RGB image [3, 32, 32]; each byte is divided by 255.
/// </summary>
public sealed class ToTensor : Transform<Image, Tensor>
{
    public override Tensor Apply(Image input, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(input);
        int h = input.Height, w = input.Width, c = input.Channels;
        var plane = h * w;
        var values = GC.AllocateUninitializedArray<float>(c * plane);
        var pixels = input.Pixels;
        for (var ch = 0; ch < c; ch++)
        {
            var destination = values.AsSpan(ch * plane, plane);
            for (var p = 0; p < plane; p++)
            {
                // Division (not a multiply by 1/255) gives torchvision's values bit for bit.
                destination[p] = pixels[(p * c) + ch] / 255f;
            }
        }

        return new Tensor(values, DType.Float32, [c, h, w]);
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Transforms;

/// <summary>
/// Bytes of an HWC <see cref="Image"/> to CHW floats: <see cref="ToTensor"/>'s b / 255, optionally followed by
/// <see cref="Normalize"/>'s (v − mean) / std in the same pass (what <see cref="Compose{TIn}"/> runs for
/// ToTensor then Normalize). Every value is computed with the same float32 operations in the same order as the two
/// transforms one after the other (a true division by 255, then a subtraction and a true division), so the result
/// is bit for bit theirs; vectors only change how many are computed at once.
/// </summary>
internal static class PixelConversion
{
    // byte b → b / 255f, by division so values are torchvision's bit for bit; a lookup is cheaper than a division
    // per pixel when channels are interleaved and cannot be loaded as a vector.
    private static readonly float[] _scaled = [.. Enumerable.Range(0, 256).Select(b => b / 255f)];

    /// <summary>A new [C, H, W] float32 tensor of <paramref name="image"/>, normalised per channel when <paramref name="normalize"/> is given.</summary>
    public static Tensor ToTensor(Image image, Normalize? normalize)
    {
        int c = image.Channels, h = image.Height, w = image.Width;
        if (normalize is not null && !normalize.Fits(c))
        {
            normalize.CheckChannels(c, $"[{c}, {h}, {w}] (the image after ToTensor)");
        }

        var values = GC.AllocateUninitializedArray<float>(c * h * w);
        Write(image, values, normalize);
        return new Tensor(values, DType.Float32, [c, h, w]);
    }

    /// <summary>Writes the CHW floats of <paramref name="image"/> into <paramref name="destination"/> (C·H·W values).</summary>
    public static void Write(Image image, Span<float> destination, Normalize? normalize)
    {
        var c = image.Channels;
        var plane = image.Height * image.Width;
        ReadOnlySpan<byte> pixels = image.Pixels;
        for (var ch = 0; ch < c; ch++)
        {
            var (mean, std) = normalize is null ? (0f, 1f) : normalize.Channel(ch);
            var output = destination.Slice(ch * plane, plane);
            if (c == 1 && Vector256.IsHardwareAccelerated)
            {
                Contiguous(pixels, output, mean, std, normalize is not null);
            }
            else
            {
                Interleaved(pixels, ch, c, output, mean, std, normalize is not null);
            }
        }
    }

    /// <summary>One grey plane: 32 bytes at a time widened to floats, divided by 255 (and normalised).</summary>
    private static void Contiguous(ReadOnlySpan<byte> pixels, Span<float> output, float mean, float std, bool normalize)
    {
        ref var source = ref MemoryMarshal.GetReference(pixels);
        ref var target = ref MemoryMarshal.GetReference(output);
        var scale = Vector256.Create(255f);
        var m = Vector256.Create(mean);
        var s = Vector256.Create(std);
        var i = 0;
        for (; i + 32 <= output.Length; i += 32)
        {
            var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref source, (nuint)i));
            var (v0, v1) = Vector256.Widen(low);
            var (v2, v3) = Vector256.Widen(high);
            Store(v0, ref target, i);
            Store(v1, ref target, i + 8);
            Store(v2, ref target, i + 16);
            Store(v3, ref target, i + 24);
        }

        for (; i < output.Length; i++)
        {
            var v = pixels[i] / 255f;
            output[i] = normalize ? (v - mean) / std : v;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        void Store(Vector256<uint> bytes, ref float destination, int offset)
        {
            var v = Vector256.ConvertToSingle(bytes.AsInt32()) / scale;
            if (normalize)
            {
                v = (v - m) / s;
            }

            v.StoreUnsafe(ref destination, (nuint)offset);
        }
    }

    /// <summary>One channel of interleaved (HWC) pixels, through a 256-entry table of that channel's values.</summary>
    private static void Interleaved(ReadOnlySpan<byte> pixels, int channel, int channels, Span<float> output, float mean, float std, bool normalize)
    {
        Span<float> table = stackalloc float[256];
        ReadOnlySpan<float> scaled = _scaled;
        for (var b = 0; b < 256; b++)
        {
            table[b] = normalize ? (scaled[b] - mean) / std : scaled[b];
        }

        for (int p = 0, q = channel; p < output.Length; p++, q += channels)
        {
            output[p] = table[pixels[q]];
        }
    }
}

using AutoDiffGen;
using Samples.Common;
using StbImageWriteSharp;

namespace ImageRestoration;

/// <summary>Writes [3, H, W] tensors with values in [0, 1] as PNG files, enlarged so a 64×64 picture is visible.</summary>
internal static class ImageFiles
{
    /// <summary>Saves one image, each pixel drawn as a <paramref name="scale"/>×<paramref name="scale"/> block.</summary>
    public static string Save(Tensor image, string path, int scale = 4) => SaveRow([image], path, scale);

    /// <summary>Saves images side by side with a white gap, e.g. original | scrambled | restored.</summary>
    public static string SaveRow(IReadOnlyList<Tensor> images, string path, int scale = 4, int gap = 8)
    {
        var height = images[0].Shape[1] * scale;
        var width = (images.Sum(i => i.Shape[2] * scale) + (gap * (images.Count - 1)));
        var rgb = new byte[height * width * 3];
        Array.Fill(rgb, (byte)255);
        var left = 0;
        foreach (var image in images)
        {
            var (h, w) = (image.Shape[1], image.Shape[2]);
            var values = image.Clamp(0, 1).Contiguous().ToArray<float>();
            for (var y = 0; y < h * scale; y++)
            {
                for (var x = 0; x < w * scale; x++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        var value = values[(c * h * w) + ((y / scale) * w) + (x / scale)];
                        rgb[(((y * width) + left + x) * 3) + c] = (byte)Math.Round(value * 255);
                    }
                }
            }

            left += (w * scale) + gap;
        }

        return AtomicOutput.Write(path, temporary =>
        {
            using var stream = File.Create(temporary);
            new ImageWriter().WritePng(rgb, width, height, ColorComponents.RedGreenBlue, stream);
        });
    }
}

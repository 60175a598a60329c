using AutoDiffGen;
using Samples.Common;
using StbImageWriteSharp;

namespace Classifier;

/// <summary>Writes a grid of dataset images as one grey PNG, to see what the model learns from.</summary>
internal static class DigitGrid
{
    /// <summary>The first <paramref name="rows"/> × 10 samples, white ink on black, each pixel drawn 3×3.</summary>
    public static string Save(Dataset<(Tensor Input, long Label)> dataset, string path, int rows = 5, int scale = 3)
    {
        const int Columns = 10;
        var count = Math.Min(rows * Columns, dataset.Count);
        rows = (count + Columns - 1) / Columns;
        var (h, w) = (dataset[0].Input.Shape[^2], dataset[0].Input.Shape[^1]);
        var (cellH, cellW) = ((h * scale) + 2, (w * scale) + 2);
        var (height, width) = (rows * cellH, Columns * cellW);
        var grey = new byte[height * width];
        for (var i = 0; i < count; i++)
        {
            var values = dataset[i].Input.Contiguous().ToArray<float>();
            var (top, left) = ((i / Columns * cellH) + 1, (i % Columns * cellW) + 1);
            for (var y = 0; y < h * scale; y++)
            {
                for (var x = 0; x < w * scale; x++)
                {
                    var value = Math.Clamp(values[((y / scale) * w) + (x / scale)], 0f, 1f);
                    grey[((top + y) * width) + left + x] = (byte)Math.Round(value * 255);
                }
            }
        }

        return AtomicOutput.Write(path, temporary =>
        {
            using var stream = File.Create(temporary);
            new ImageWriter().WritePng(grey, width, height, ColorComponents.Grey, stream);
        });
    }
}

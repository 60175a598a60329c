using System.Numerics.Tensors;

namespace AutoDiffGen;

/// <summary>Byte pixels to floats in [0, 1], for the readers' whole-dataset tensors.</summary>
internal static class PixelScaling
{
    // Blocks small enough to stay in L1/L2 between the two vectorised passes, so memory is crossed once.
    private const int Block = 16 * 1024;

    /// <summary>
    /// <c>destination[i] = source[i] / 255</c>: a division, as torchvision's <c>ToTensor</c> does
    /// (<c>img.float().div(255)</c>), so the values are bit-identical to converting images one by one.
    /// </summary>
    public static void ToUnitFloats(ReadOnlySpan<byte> source, Span<float> destination)
    {
        for (var start = 0; start < source.Length; start += Block)
        {
            var length = Math.Min(Block, source.Length - start);
            var block = destination.Slice(start, length);
            TensorPrimitives.ConvertChecked(source.Slice(start, length), block);
            TensorPrimitives.Divide(block, 255f, block);
        }
    }

    /// <summary>Byte labels widened to int64 (an int64 tensor is what the classification losses take).</summary>
    public static void ToLabels(ReadOnlySpan<byte> source, Span<long> destination) => TensorPrimitives.ConvertChecked(source, destination);
}

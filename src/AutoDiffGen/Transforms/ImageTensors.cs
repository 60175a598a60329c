namespace AutoDiffGen.Transforms;

/// <summary>Checks and helpers shared by the tensor transforms, which take images as [..., C, H, W] (or [..., H, W]) tensors.</summary>
internal static class ImageTensors
{
    /// <summary>Throws unless <paramref name="image"/> is a CPU tensor with at least <paramref name="minRank"/> dimensions.</summary>
    public static void RequireRank(Tensor image, int minRank, string op)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Dim < minRank)
        {
            var layout = minRank >= 3 ? "[..., C, H, W]" : "[..., H, W] (usually [C, H, W])";
            throw new TensorShapeException(
                $"{op}: expected an image tensor of shape {layout}, got shape {image.Shape}. Convert an Image with " +
                "ToTensor first; a flat vector needs View(channels, height, width).");
        }

        if (image.Device != Device.Cpu)
        {
            throw new TensorDeviceException(
                $"{op}: transforms run on the CPU while samples load, but the image is on {image.Device}; move whole batches to the device instead.");
        }
    }

    /// <summary>Throws unless <paramref name="image"/> holds float32 or float64 values.</summary>
    public static void RequireFloat(Tensor image, string op)
    {
        if (!image.DType.IsFloatingPoint())
        {
            throw new TensorDTypeException(
                $"{op}: expected a floating-point image tensor, got {image.DType}. Use ToTensor (floats in [0, 1]) or To(DType.Float32) first.");
        }
    }

    /// <summary>The height (dim -2) and width (dim -1).</summary>
    public static (int Height, int Width) Size(Tensor image) => (image.Size(-2), image.Size(-1));

    /// <summary>A rectangle of the last two dims, as a view (like <c>F.crop</c>).</summary>
    public static Tensor Crop(Tensor image, int top, int left, int height, int width) =>
        image.Narrow(-2, top, height).Narrow(-1, left, width);

    /// <summary>A copy with borders of constant <paramref name="fill"/> around the last two dims (like <c>F.pad</c>, constant mode).</summary>
    public static Tensor Pad(Tensor image, int left, int top, int right, int bottom, double fill)
    {
        if (left == 0 && top == 0 && right == 0 && bottom == 0)
        {
            return image;
        }

        var (h, w) = Size(image);
        var shape = image.Shape.ToArray();
        shape[^2] = h + top + bottom;
        shape[^1] = w + left + right;
        var padded = Tensor.Full(shape, fill, image.DType);
        Crop(padded, top, left, h, w).CopyFrom(image);
        return padded;
    }
}

using AutoDiffGen.Transforms;

namespace AutoDiffGen.Tests.Data;

/// <summary>ToTensor's vectorised conversion, in-place Normalize, and Compose's fused ToTensor + Normalize give the same bits as the plain steps.</summary>
public class NormalizeFusionTests
{
    private static int[] Bits(Tensor t) => [.. t.ToArray<float>().Select(BitConverter.SingleToInt32Bits)];

    /// <summary>torchvision's definition, element by element: b / 255, then (v − mean) / std in float32.</summary>
    private static float[] Reference(Image image, float[] mean, float[] std)
    {
        int c = image.Channels, plane = image.Height * image.Width;
        var values = new float[c * plane];
        for (var ch = 0; ch < c; ch++)
        {
            float m = mean[mean.Length == 1 ? 0 : ch], s = std[std.Length == 1 ? 0 : ch];
            for (var p = 0; p < plane; p++)
            {
                var v = image.Pixels[(p * c) + ch] / 255f;
                values[(ch * plane) + p] = (v - m) / s;
            }
        }

        return values;
    }

    private static Image RandomImage(int height, int width, int channels, int seed)
    {
        var pixels = new byte[height * width * channels];
        new Random(seed).NextBytes(pixels);
        return new Image(height, width, channels, pixels);
    }

    [Theory]
    [InlineData(28, 28, 1)] // 784 = 24 vectors of 32 + a tail of 16
    [InlineData(16, 16, 1)] // exactly 8 vectors
    [InlineData(3, 5, 1)]   // shorter than one vector
    [InlineData(32, 32, 3)] // interleaved RGB
    [InlineData(7, 9, 4)]
    public void Fused_ToTensor_and_Normalize_equal_the_two_steps_bit_for_bit(int height, int width, int channels)
    {
        var image = RandomImage(height, width, channels, seed: height + width + channels);
        double[] mean = channels == 1 ? [0.1307] : [.. Enumerable.Range(0, channels).Select(c => 0.4 + (0.05 * c))];
        double[] std = channels == 1 ? [0.3081] : [.. Enumerable.Range(0, channels).Select(c => 0.2 + (0.01 * c))];

        var steps = new Normalize(mean, std).Apply(new ToTensor().Apply(image));
        var inplace = new Normalize(mean, std, inplace: true).Apply(new ToTensor().Apply(image));
        var fused = new Compose<Image>(new ToTensor(), new Normalize(mean, std)).Apply(image);
        var fusedInplace = new Compose<Image>(new ToTensor(), new Normalize(mean, std, inplace: true)).Apply(image);
        var expected = Reference(image, [.. mean.Select(m => (float)m)], [.. std.Select(s => (float)s)]);

        Assert.Equal([channels, height, width], fused.Shape.ToArray());
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), Bits(steps));
        Assert.Equal(Bits(steps), Bits(inplace));
        Assert.Equal(Bits(steps), Bits(fused));
        Assert.Equal(Bits(steps), Bits(fusedInplace));

        // One mean and std for all channels too.
        Assert.Equal(
            Bits(new Normalize([0.5], [0.25]).Apply(new ToTensor().Apply(image))),
            Bits(new Compose<Image>(new ToTensor(), new Normalize([0.5], [0.25])).Apply(image)));
    }

    [Fact]
    public void ToTensor_divides_every_byte_value_by_255_on_the_vector_path()
    {
        var pixels = new byte[32 * 32];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((i * 7) % 256);
        }

        var t = new ToTensor().Apply(new Image(32, 32, 1, pixels));
        Assert.Equal(pixels.Select(b => BitConverter.SingleToInt32Bits(b / 255f)), Bits(t));
    }

    [Fact]
    public void Steps_after_the_fused_pair_still_run_in_order()
    {
        var image = RandomImage(10, 10, 3, seed: 1);
        var pipeline = new Compose<Image>(new ToTensor(), new Normalize([0.5], [0.5]), new CenterCrop(4), new Normalize([1], [2]));
        var expected = new Normalize([1], [2]).Apply(new CenterCrop(4).Apply(new Normalize([0.5], [0.5]).Apply(new ToTensor().Apply(image))));
        Assert.Equal(Bits(expected), Bits(pipeline.Apply(image)));

        // Normalize that does not directly follow ToTensor is left alone.
        var later = new Compose<Image>(new ToTensor(), new CenterCrop(4), new Normalize([0.5], [0.5]));
        Assert.Equal(Bits(new Normalize([0.5], [0.5]).Apply(new CenterCrop(4).Apply(new ToTensor().Apply(image)))), Bits(later.Apply(image)));
    }

    [Fact]
    public void The_fused_pair_reports_a_channel_mismatch_like_Normalize()
    {
        var pipeline = new Compose<Image>(new ToTensor(), new Normalize([0.5, 0.5], [1, 1]));
        var e = Assert.Throws<TensorShapeException>(() => pipeline.Apply(RandomImage(4, 4, 3, seed: 2)));
        Assert.Contains("3 channels", e.Message);
        Assert.Contains("mean has 2 values", e.Message);
        Assert.Throws<ArgumentNullException>(() => new Compose<Image>(new ToTensor(), new Normalize([0.5], [1]), null!));
    }
}

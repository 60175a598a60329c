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

/// <summary>The loader's direct path (images written straight into the batch) keeps the loader's error contract.</summary>
public class DirectImageBatchTests
{
    /// <summary>Grey 6×6 images, except a 3-channel one at <paramref name="rgbAt"/>, a 5×6 one at <paramref name="smallAt"/>, and a failure at <paramref name="failAt"/>.</summary>
    private sealed class Odd(int count, int rgbAt = -1, int smallAt = -1, int failAt = -1) : Dataset<(Image Image, long Label)>
    {
        public override int Count => count;

        public override (Image Image, long Label) this[int index]
        {
            get
            {
                CheckIndex(index);
                if (index == failAt)
                {
                    throw new InvalidOperationException($"unreadable image {index}");
                }

                var image = index == rgbAt ? DataTestKit.PatternImage(6, 6, 3, index)
                    : index == smallAt ? DataTestKit.PatternImage(5, 6, 1, index)
                    : DataTestKit.PatternImage(6, 6, 1, index);
                return (image, index);
            }
        }
    }

    private static DataLoader Loader(Dataset<(Image Image, long Label)> images, int workers) =>
        new(images.Select(new Compose<Image>(new ToTensor(), new Normalize([0.5], [0.5]))), batchSize: 4, workers: workers);

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void A_failing_image_surfaces_with_its_index(int workers)
    {
        var e = Assert.Throws<DataLoaderException>(() => Loader(new Odd(20, failAt: 9), workers).ToList());
        Assert.Equal(9, e.SampleIndex);
        Assert.Equal(2, e.BatchIndex);
        Assert.IsType<InvalidOperationException>(e.InnerException);
    }

    [Fact]
    public void Images_of_another_size_fail_to_collate_as_in_Collate_Stack()
    {
        var e = Assert.Throws<DataLoaderException>(() => Loader(new Odd(20, smallAt: 6), 0).ToList());
        Assert.Null(e.SampleIndex);
        Assert.Equal(1, e.BatchIndex);
        var inner = Assert.IsType<TensorShapeException>(e.InnerException);
        Assert.Contains("sample 2 of the batch has shape [1, 5, 6] but sample 0 has [1, 6, 6]", inner.Message);
    }

    [Fact]
    public void A_channel_count_that_Normalize_does_not_fit_fails_at_that_sample()
    {
        var images = new Odd(20, rgbAt: 13);
        var pipeline = images.Select(new Compose<Image>(new ToTensor(), new Normalize([0.5, 0.5], [0.5, 0.5])));
        var e = Assert.Throws<DataLoaderException>(() => new DataLoader(pipeline, batchSize: 4).ToList());
        Assert.Equal(0, e.SampleIndex); // grey images do not fit two means either: the first sample fails
        var rgb = Assert.Throws<DataLoaderException>(() => Loader(images, 0).ToList());
        Assert.Equal(3, rgb.BatchIndex); // one mean fits any image: the RGB one then fails to stack
        Assert.Contains("has shape [3, 6, 6]", rgb.InnerException!.Message);
    }

    [Fact]
    public void Only_plain_image_conversions_take_the_direct_path()
    {
        var images = new Odd(8);
        Assert.IsType<ImageTensorDataset<long>>(images.Select(new ToTensor()));
        Assert.IsType<ImageTensorDataset<long>>(images.Select(new Compose<Image>(new ToTensor())));
        Assert.IsType<ImageTensorDataset<long>>(images.Select(new Compose<Image>(new ToTensor(), new Normalize([0.5], [0.5]))));
        Assert.IsNotType<ImageTensorDataset<long>>(images.Select(new Compose<Image>(new ToTensor(), new Normalize([0.5], [0.5]), new CenterCrop(4))));
        Assert.IsNotType<ImageTensorDataset<long>>(images.Select(new Compose<Image>(new ToTensor(), new RandomHorizontalFlip()), seed: 1));

        // Indexing the dataset gives the transform's tensor, as before.
        var sample = images.Select(new Compose<Image>(new ToTensor(), new Normalize([0.5], [0.5])))[3];
        Assert.Equal(((new ToTensor().Apply(images[3].Image) - 0.5) / 0.5).ToArray<float>(), sample.Input.ToArray<float>());
        Assert.Equal(3, sample.Label);
    }
}

using AutoDiffGen.Transforms;

namespace AutoDiffGen.Tests.Data;

public class ResizeTests
{
    [Fact]
    public void Upsampling_2x2_to_4x4_matches_pytorch()
    {
        // F.interpolate(torch.tensor([[[[1., 2.], [3., 4.]]]]), size=(4, 4), mode="bilinear", align_corners=False)
        var x = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, [1, 2, 2]);
        float[] expected =
        [
            1.00f, 1.25f, 1.75f, 2.00f,
            1.50f, 1.75f, 2.25f, 2.50f,
            2.50f, 2.75f, 3.25f, 3.50f,
            3.00f, 3.25f, 3.75f, 4.00f,
        ];
        Assert.Equal(expected, new Resize(4, 4).Apply(x).ToArray<float>());
    }

    [Theory]
    [InlineData(5, 7, 3, 4)]
    [InlineData(5, 7, 8, 11)]
    [InlineData(6, 6, 6, 3)]
    [InlineData(1, 4, 3, 2)]
    public void Values_follow_the_align_corners_false_formula(int h, int w, int outH, int outW)
    {
        var x = Tensor.Rand([2, h, w], DType.Float64, new Generator(h * 100 + outW));
        var y = new Resize(outH, outW).Apply(x);
        Assert.Equal([2, outH, outW], y.Shape.ToArray());
        for (var c = 0; c < 2; c++)
        {
            for (var i = 0; i < outH; i++)
            {
                for (var j = 0; j < outW; j++)
                {
                    var expected = Reference(x[c], i, j, outH, outW);
                    Assert.Equal(expected, y[c, i, j].Item<double>(), 1e-12);
                }
            }
        }
    }

    [Fact]
    public void Halving_averages_each_2x2_block()
    {
        // Resize(16) of a 32x32 CIFAR image samples at 2i + 0.5: the mean of four pixels, keeping all of the picture.
        var image = new ToTensor().Apply(DataTestKit.PatternImage(32, 32, 3));
        var small = new Resize(16).Apply(image);
        Assert.Equal([3, 16, 16], small.Shape.ToArray());
        var block = image[2, 10..12, 6..8].Mean().Item<float>();
        Assert.Equal(block, small[2, 5, 3].Item<float>(), 1e-6f);
    }

    [Theory]
    [InlineData(32, 32, 16, 16, 16)]
    [InlineData(30, 40, 16, 16, 21)] // the long side is truncated: int(16 * 40 / 30) = 21
    [InlineData(40, 30, 16, 21, 16)]
    [InlineData(10, 25, 4, 4, 10)]
    public void One_size_scales_the_shorter_side(int h, int w, int size, int outH, int outW)
    {
        var y = new Resize(size).Apply(Tensor.Zeros(1, h, w));
        Assert.Equal([1, outH, outW], y.Shape.ToArray());
    }

    [Fact]
    public void Same_size_is_the_input_and_bad_inputs_are_reported()
    {
        var x = Tensor.Rand([3, 4, 5], DType.Float32, new Generator(1));
        Assert.Same(x, new Resize(4, 5).Apply(x));
        Assert.Throws<TensorShapeException>(() => new Resize(2).Apply(Tensor.Zeros(5)));
        Assert.Throws<TensorDTypeException>(() => new Resize(2).Apply(Tensor.Zeros([1, 4, 4], DType.Int32)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Resize(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Resize(3, -1));
    }

    /// <summary>Bilinear sample of plane <paramref name="x"/> at output (i, j), align_corners=False, in double.</summary>
    private static double Reference(Tensor x, int i, int j, int outH, int outW)
    {
        int h = x.Size(0), w = x.Size(1);
        var (y0, y1, ly) = Source(i, h, outH);
        var (x0, x1, lx) = Source(j, w, outW);
        double At(int r, int c) => x[r, c].Item<double>();
        return ((1 - ly) * (((1 - lx) * At(y0, x0)) + (lx * At(y0, x1)))) + (ly * (((1 - lx) * At(y1, x0)) + (lx * At(y1, x1))));

        static (int, int, double) Source(int dst, int inSize, int outSize)
        {
            var src = Math.Max(((dst + 0.5) * inSize / outSize) - 0.5, 0);
            var lo = Math.Min((int)Math.Floor(src), inSize - 1);
            return (lo, Math.Min(lo + 1, inSize - 1), Math.Min(src - lo, 1));
        }
    }
}

using AutoDiffGen.Transforms;

namespace AutoDiffGen.Tests.Data;

public class CropFlipTests
{
    [Fact]
    public void CenterCrop_takes_the_middle_with_python_rounding()
    {
        var x = DataTestKit.Ramp(1, 4, 5);
        Assert.Equal(x[.., 1..3, 1..4].ToArray<float>(), new CenterCrop(2, 3).Apply(x).ToArray<float>());

        // round((5 - 2) / 2) = round(1.5) = 2 (half to even), as torchvision computes the offset.
        var y = DataTestKit.Ramp(2, 5, 5);
        Assert.Equal(y[.., 2..4, 2..4].ToArray<float>(), new CenterCrop(2).Apply(y).ToArray<float>());
    }

    [Fact]
    public void CenterCrop_pads_an_image_smaller_than_the_crop_with_zeros()
    {
        var x = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, [1, 2, 2]);
        var y = new CenterCrop(4, 3).Apply(x);
        Assert.Equal([1, 4, 3], y.Shape.ToArray());
        float[] expected = [0, 0, 0, 1, 2, 0, 3, 4, 0, 0, 0, 0]; // one row above and below; the extra column on the right
        Assert.Equal(expected, y.ToArray<float>());
    }

    [Fact]
    public void RandomCrop_draws_top_then_left_from_the_generator()
    {
        var x = DataTestKit.Ramp(2, 6, 7);
        for (var seed = 0; seed < 20; seed++)
        {
            var g = new Generator(seed);
            var top = (int)Tensor.RandInt(0, 3, [1], DType.Int64, g).Item<long>();
            var left = (int)Tensor.RandInt(0, 4, [1], DType.Int64, g).Item<long>();
            var crop = new RandomCrop(4).Apply(x, new Generator(seed));
            Assert.Equal(x[.., top..(top + 4), left..(left + 4)].ToArray<float>(), crop.ToArray<float>());
        }
    }

    [Fact]
    public void RandomCrop_reaches_every_window_of_the_padded_image()
    {
        var x = DataTestKit.Ramp(1, 4, 4) + 1;
        var padded = Tensor.Full([1, 6, 6], -1.0);
        padded[.., 1..5, 1..5].CopyFrom(x);
        var positions = new HashSet<(int Top, int Left)>();
        for (var seed = 0; seed < 200; seed++)
        {
            var crop = new RandomCrop(4, padding: 1, fill: -1).Apply(x, new Generator(seed)).ToArray<float>();
            var matches = (from top in Enumerable.Range(0, 3)
                           from left in Enumerable.Range(0, 3)
                           where padded[.., top..(top + 4), left..(left + 4)].ToArray<float>().SequenceEqual(crop)
                           select (top, left)).ToList();
            positions.Add(Assert.Single(matches));
        }

        Assert.Equal(9, positions.Count);
    }

    [Fact]
    public void RandomCrop_without_padding_of_a_small_image_is_an_error_unless_padIfNeeded()
    {
        var x = Tensor.Zeros(3, 28, 28);
        Assert.Contains("padIfNeeded", Assert.Throws<TensorShapeException>(() => new RandomCrop(32).Apply(x, new Generator(0))).Message);
        Assert.Equal([3, 32, 32], new RandomCrop(32, padIfNeeded: true).Apply(x, new Generator(0)).Shape.ToArray());
        Assert.Equal([3, 32, 32], new RandomCrop(32, padding: 2).Apply(x, new Generator(0)).Shape.ToArray());
        Assert.Throws<TensorShapeException>(() => new RandomCrop(2).Apply(Tensor.Zeros(4), new Generator(0)));
    }

    [Fact]
    public void HorizontalFlip_never_flips_with_p0_and_always_with_p1()
    {
        var x = DataTestKit.Ramp(2, 2, 3);
        var flipped = Tensor.FromArray(new float[] { 2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9 }, [2, 2, 3]);
        for (var seed = 0; seed < 20; seed++)
        {
            Assert.Equal(x.ToArray<float>(), new RandomHorizontalFlip(0).Apply(x, new Generator(seed)).ToArray<float>());
            Assert.Equal(flipped.ToArray<float>(), new RandomHorizontalFlip(1).Apply(x, new Generator(seed)).ToArray<float>());
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomHorizontalFlip(1.5));
        var longs = Tensor.FromArray(new long[] { 1, 2, 3 }, [1, 3]);
        Assert.Equal(new long[] { 3, 2, 1 }, new RandomHorizontalFlip(1).Apply(longs).ToArray<long>());
    }

    [Fact]
    public void HorizontalFlip_with_p_half_follows_one_uniform_draw()
    {
        var x = DataTestKit.Ramp(1, 3, 3);
        var outcomes = new HashSet<bool>();
        for (var seed = 0; seed < 40; seed++)
        {
            var u = Tensor.Rand([1], DType.Float64, new Generator(seed)).Item<double>();
            var y = new RandomHorizontalFlip(0.5).Apply(x, new Generator(seed));
            var didFlip = y[0, 0, 0].Item<float>() == 2;
            Assert.Equal(u < 0.5, didFlip);
            outcomes.Add(didFlip);
        }

        Assert.Equal(2, outcomes.Count);
    }
}

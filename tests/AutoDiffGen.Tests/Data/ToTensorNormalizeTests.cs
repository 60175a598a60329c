using AutoDiffGen.Transforms;

namespace AutoDiffGen.Tests.Data;

public class ToTensorNormalizeTests
{
    [Fact]
    public void ToTensor_turns_HWC_bytes_into_CHW_floats_in_0_1()
    {
        var image = new Image(2, 3, 3, [.. Enumerable.Range(0, 18).Select(i => (byte)(i * 15))]);
        var t = new ToTensor().Apply(image);
        Assert.Equal(DType.Float32, t.DType);
        Assert.Equal([3, 2, 3], t.Shape.ToArray());
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < 2; y++)
            {
                for (var x = 0; x < 3; x++)
                {
                    Assert.Equal(image[y, x, c] / 255f, t[c, y, x].Item<float>());
                }
            }
        }

        var all = new ToTensor().Apply(new Image(16, 16, 1, [.. Enumerable.Range(0, 256).Select(b => (byte)b)]));
        Assert.Equal(Enumerable.Range(0, 256).Select(b => b / 255f), all.ToArray<float>()); // division, as torchvision

        var grey = new ToTensor().Apply(new Image(1, 2, 1, [0, 255]));
        Assert.Equal([1, 1, 2], grey.Shape.ToArray());
        Assert.Equal(new[] { 0f, 1f }, grey.ToArray<float>());
    }

    [Fact]
    public void Normalize_standardises_each_channel()
    {
        var x = Tensor.FromArray(new float[] { 0, 0.5f, 1, 0.25f, 0.2f, 0.4f, 0.6f, 0.8f }, [2, 2, 2]);
        var y = new Normalize([0.5, 0.1], [0.5, 0.2]).Apply(x).ToArray<float>();
        float[] expected = [(0 - 0.5f) / 0.5f, (0.5f - 0.5f) / 0.5f, (1 - 0.5f) / 0.5f, (0.25f - 0.5f) / 0.5f,
            (0.2f - 0.1f) / 0.2f, (0.4f - 0.1f) / 0.2f, (0.6f - 0.1f) / 0.2f, (0.8f - 0.1f) / 0.2f];
        Assert.Equal(expected, y);
        Assert.Equal(new float[] { 0, 0.5f, 1, 0.25f }, x.ToArray<float>()[..4]); // input untouched

        // One value for all channels, a batch [N, C, H, W], float64 and a strided view.
        var batch = Tensor.Arange(24).To(DType.Float64).View(2, 3, 2, 2);
        Assert.Equal(batch.ToArray<double>().Select(v => (v - 1) / 4), new Normalize([1], [4]).Apply(batch).ToArray<double>());
        var view = Tensor.Arange(12).To(DType.Float32).View(2, 2, 3).Transpose(1, 2);
        Assert.Equal(((view - 1) / 2).ToArray<float>(), new Normalize([1, 1], [2, 2]).Apply(view).ToArray<float>());
    }

    [Fact]
    public void Normalize_inplace_overwrites_a_contiguous_input_only()
    {
        var x = Tensor.FromArray(new float[] { 1, 3, 5, 7 }, [1, 2, 2]);
        var y = new Normalize([1], [2], inplace: true).Apply(x);
        Assert.Same(x, y);
        Assert.Equal(new float[] { 0, 1, 2, 3 }, x.ToArray<float>());

        var strided = Tensor.FromArray(new float[] { 1, 3, 5, 7 }, [1, 2, 2]).Transpose(1, 2);
        var z = new Normalize([1], [2], inplace: true).Apply(strided);
        Assert.NotSame(strided, z);
        Assert.Equal(new float[] { 0, 2, 1, 3 }, z.ToArray<float>());
        Assert.Equal(new float[] { 1, 5, 3, 7 }, strided.ToArray<float>());
    }

    [Fact]
    public void Normalize_reports_wrong_inputs()
    {
        var image = Tensor.Zeros(3, 4, 4);
        Assert.Contains("3 channels", Assert.Throws<TensorShapeException>(() => new Normalize([0.5, 0.5], [1, 1, 1]).Apply(image)).Message);
        Assert.Contains("[..., C, H, W]", Assert.Throws<TensorShapeException>(() => new Normalize([0], [1]).Apply(Tensor.Zeros(4, 4))).Message);
        Assert.Contains("ToTensor", Assert.Throws<TensorDTypeException>(() => new Normalize([0], [1]).Apply(Tensor.Zeros([1, 2, 2], DType.Int64))).Message);
        Assert.Throws<ArgumentException>(() => new Normalize([0, 0], [1, 0]));
        Assert.Throws<ArgumentException>(() => new Normalize([], []));
    }

    [Fact]
    public void Compose_applies_steps_in_order_from_an_image()
    {
        var image = DataTestKit.PatternImage(4, 4, 3);
        var pipeline = new Compose<Image>(new ToTensor(), new CenterCrop(2), new Normalize([0.5], [0.5]));
        var expected = ((new ToTensor().Apply(image)[.., 1..3, 1..3] - 0.5) / 0.5).ToArray<float>();
        Assert.Equal(expected, pipeline.Apply(image).ToArray<float>());
        Assert.False(pipeline.IsRandom);
        Assert.True(new Compose(new CenterCrop(2), new RandomHorizontalFlip()).IsRandom);
    }
}

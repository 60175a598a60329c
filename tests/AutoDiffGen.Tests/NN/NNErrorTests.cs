namespace AutoDiffGen.Tests.NN;

/// <summary>Bad shapes, dtypes and arguments raise typed exceptions whose messages say what is wrong (PyTorch's wording where it has one).</summary>
public class NNErrorTests
{
    private static Tensor Z(params int[] shape) => Tensor.Zeros(shape, DType.Float32);

    [Fact]
    public void Conv2d_reports_channel_weight_bias_and_size_mismatches()
    {
        var e = Assert.Throws<TensorShapeException>(() => Tensor.Conv2d(Z(2, 4, 10, 10), Z(8, 3, 3, 3)));
        Assert.Contains("Given groups=1, weight of size [8, 3, 3, 3], expected input[2, 4, 10, 10] to have 3 channels, but got 4 channels instead", e.Message);

        e = Assert.Throws<TensorShapeException>(() => Tensor.Conv2d(Z(2, 3, 10, 10), Z(8, 3, 3, 3), Z(5)));
        Assert.Contains("expected bias to be 1-dimensional with 8 elements, but got bias of size [5]", e.Message);

        e = Assert.Throws<TensorShapeException>(() => Tensor.Conv2d(Z(2, 3, 2, 2), Z(8, 3, 3, 3)));
        Assert.Contains("Kernel size can't be greater than actual input size", e.Message);

        e = Assert.Throws<TensorShapeException>(() => Tensor.Conv2d(Z(3, 10), Z(8, 3, 3, 3)));
        Assert.Contains("Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [3, 10]", e.Message, StringComparison.OrdinalIgnoreCase);

        e = Assert.Throws<TensorShapeException>(() => Tensor.Conv2d(Z(1, 3, 5, 5), Z(8, 3, 3)));
        Assert.Contains("4-dimensional weight", e.Message);

        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Conv2d(Z(1, 3, 5, 5), Z(8, 3, 3, 3), null, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Conv2d(Z(1, 3, 5, 5), Z(8, 3, 3, 3), null, 1, -1));
        var d = Assert.Throws<TensorDTypeException>(() => Tensor.Conv2d(Z(1, 3, 5, 5), Tensor.Zeros([8, 3, 3, 3], DType.Float64)));
        Assert.Contains("Float64", d.Message);
        Assert.Throws<TensorDTypeException>(() => Tensor.Conv2d(Tensor.Zeros([1, 3, 5, 5], DType.Int64), Z(8, 3, 3, 3)));
    }

    [Fact]
    public void Linear_reports_the_sizes_that_cannot_be_multiplied()
    {
        var e = Assert.Throws<TensorShapeException>(() => Tensor.Linear(Z(64, 784), Z(128, 100)));
        Assert.Contains("mat1 and mat2 shapes cannot be multiplied (64x784 and 100x128)", e.Message);
        e = Assert.Throws<TensorShapeException>(() => Tensor.Linear(Z(4, 3), Z(2, 3), Z(3)));
        Assert.Contains("bias must be 1-D with out_features = 2", e.Message);
        Assert.Throws<TensorShapeException>(() => Tensor.Linear(Z(4, 3), Z(2, 3, 1)));
        Assert.Throws<TensorDTypeException>(() => Tensor.Linear(Z(4, 3), Tensor.Zeros([2, 3], DType.Float64)));
    }

    [Fact]
    public void Pools_report_bad_padding_ranks_and_sizes()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.MaxPool2d(Z(1, 1, 6, 6), 3, 1, 2));
        Assert.Contains("pad should be at most half of kernel size", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.AvgPool2d(Z(1, 1, 6, 6), 2, 1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.MaxPool2d(Z(1, 1, 6, 6), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.MaxPool2d(Z(1, 1, 6, 6), 2, 0));
        var s = Assert.Throws<TensorShapeException>(() => Tensor.MaxPool2d(Z(1, 3, 2, 2), 3));
        Assert.Contains("Given input size: (3x2x2). Calculated output size: (3x0x0). Output size is too small", s.Message);
        Assert.Throws<TensorShapeException>(() => Tensor.AvgPool2d(Z(6, 6), 2));
    }

    [Fact]
    public void Norms_report_shape_mismatches_and_missing_running_stats()
    {
        var e = Assert.Throws<TensorShapeException>(() => Tensor.LayerNorm(Z(2, 4), [5]));
        Assert.Contains("Given normalized_shape=[5], expected input with shape [*, 5], but got input of size [2, 4]", e.Message);
        e = Assert.Throws<TensorShapeException>(() => Tensor.LayerNorm(Z(2, 4), [4], Z(3)));
        Assert.Contains("Expected weight to be of same shape as normalized_shape", e.Message);

        e = Assert.Throws<TensorShapeException>(() => Tensor.BatchNorm(Z(1, 4), null, null, training: true));
        Assert.Contains("Expected more than 1 value per channel when training, got input size [1, 4]", e.Message);
        e = Assert.Throws<TensorShapeException>(() => Tensor.BatchNorm(Z(3, 4), Z(5), Z(4), training: true));
        Assert.Contains("running_mean should contain 4 elements", e.Message);
        Assert.Throws<TensorShapeException>(() => Tensor.BatchNorm(Z(3), null, null, training: true));
        Assert.Throws<ArgumentException>(() => Tensor.BatchNorm(Z(3, 4), null, null, training: false));
    }

    [Fact]
    public void Embedding_rejects_out_of_range_indices_and_float_indices()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Embedding(Tensor.FromArray(new long[] { 1, 10 }, [2]), Z(10, 3)));
        Assert.Contains("index out of range: element 1 of the indices is 10", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Embedding(Tensor.FromArray(new long[] { -1 }, [1]), Z(10, 3)));
        Assert.Throws<TensorDTypeException>(() => Tensor.Embedding(Z(2), Z(10, 3)));
        Assert.Throws<TensorShapeException>(() => Tensor.Embedding(Tensor.Scalar(1L), Z(10)));
    }

    [Fact]
    public void Dropout_and_gelu_reject_bad_arguments()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Dropout(Z(3), 1.5));
        Assert.Contains("dropout probability has to be between 0 and 1, but got 1.5", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Dropout(Z(3), double.NaN));
        Assert.Throws<ArgumentException>(() => Z(3).Gelu("fast"));
        Assert.Throws<TensorDTypeException>(() => Tensor.Arange(3).Gelu());
    }
}

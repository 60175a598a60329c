using static AutoDiffGen.Tests.Serialization.SafeTensorsKit;

namespace AutoDiffGen.Tests.Serialization;

/// <summary>
/// Loading a checkpoint into existing tensors in place (what <c>model.Load(path)</c> does with its named
/// parameters), with PyTorch's <c>load_state_dict</c> rules: strict names, matching shapes, and all-or-nothing.
/// </summary>
public class SafeTensorsLoadIntoTests
{
    private static readonly float[] _weight = [1, 2, 3, 4, 5, 6];

    private static string Checkpoint(TempDirectory dir) => Saved(dir, new Dictionary<string, Tensor>
    {
        ["fc.weight"] = F32(_weight, 2, 3),
        ["fc.bias"] = F32([-1, -2, -3], 3),
        ["steps"] = Tensor.Scalar(7L),
    });

    private static string Saved(TempDirectory dir, Dictionary<string, Tensor> tensors)
    {
        var path = dir.File("ckpt.safetensors");
        SafeTensors.Save(path, tensors);
        return path;
    }

    [Fact]
    public void Strict_load_copies_every_tensor_into_the_same_objects()
    {
        using var dir = new TempDirectory();
        var path = Checkpoint(dir);
        var weight = Tensor.Zeros(2, 3);
        var bias = Tensor.Zeros(3);
        var steps = Tensor.Scalar(0L);
        var result = SafeTensors.LoadInto(path, new Dictionary<string, Tensor> { ["fc.bias"] = bias, ["fc.weight"] = weight, ["steps"] = steps });
        Assert.Empty(result.MissingKeys);
        Assert.Empty(result.UnexpectedKeys);
        Assert.Equal(_weight, weight.ToArray<float>());
        Assert.Equal([-1f, -2f, -3f], bias.ToArray<float>());
        Assert.Equal(7L, steps.Item<long>());
    }

    [Fact]
    public void A_destination_view_writes_through_to_its_storage()
    {
        using var dir = new TempDirectory();
        var path = Checkpoint(dir);
        var storage = Tensor.Zeros(3, 2);
        var weight = storage.T;
        SafeTensors.LoadInto(path, [new("fc.weight", weight)], strict: false);
        Assert.Equal([1f, 4f, 2f, 5f, 3f, 6f], storage.ToArray<float>());
    }

    [Fact]
    public void Strict_load_lists_missing_and_unexpected_names_and_changes_nothing()
    {
        using var dir = new TempDirectory();
        var path = Checkpoint(dir);
        var weight = Tensor.Zeros(2, 3);
        var extra = Tensor.Zeros(4);
        var e = Assert.Throws<CheckpointMismatchException>(() => SafeTensors.LoadInto(path, [new("fc.weight", weight), new("fc2.weight", extra)]));
        Assert.Equal(["fc2.weight"], e.MissingKeys);
        Assert.Equal(["fc.bias", "steps"], e.UnexpectedKeys.Order(StringComparer.Ordinal));
        Assert.Contains("Missing key(s) in the checkpoint: \"fc2.weight\".", e.Message);
        Assert.Contains("Unexpected key(s) in the checkpoint: ", e.Message);
        Assert.Contains("strict: false", e.Message);
        Assert.Equal(new float[6], weight.ToArray<float>());
    }

    [Fact]
    public void Non_strict_load_copies_the_matching_names_and_reports_the_others()
    {
        using var dir = new TempDirectory();
        var path = Checkpoint(dir);
        var weight = Tensor.Zeros(2, 3);
        var other = Tensor.Ones(4);
        var result = SafeTensors.LoadInto(path, [new("fc.weight", weight), new("other", other)], strict: false);
        Assert.Equal(["other"], result.MissingKeys);
        Assert.Equal(["fc.bias", "steps"], result.UnexpectedKeys.Order(StringComparer.Ordinal));
        Assert.Equal(_weight, weight.ToArray<float>());
        Assert.Equal([1f, 1f, 1f, 1f], other.ToArray<float>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Shape_and_dtype_mismatches_are_errors_in_both_modes_and_nothing_is_copied(bool strict)
    {
        using var dir = new TempDirectory();
        var path = Checkpoint(dir);
        var weight = Tensor.Zeros(3, 2);
        var bias = Tensor.Zeros([3], DType.Float64);
        var steps = Tensor.Scalar(0L);
        var e = Assert.Throws<CheckpointMismatchException>(() => SafeTensors.LoadInto(path, [new("fc.weight", weight), new("fc.bias", bias), new("steps", steps)], strict));
        Assert.Contains("size mismatch for fc.weight: copying a tensor with shape [2, 3] from the checkpoint, the shape of the destination is [3, 2].", e.Message);
        Assert.Contains("dtype mismatch for fc.bias: the checkpoint holds Float32, the destination is Float64", e.Message);
        Assert.Empty(e.MissingKeys);
        Assert.Equal(0L, steps.Item<long>());
        Assert.Equal(new double[3], bias.ToArray<double>());
    }

    [Fact]
    public void Half_precision_weights_load_into_float32_tensors()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("half.safetensors", File("{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", Bytes((Half)0.5, (Half)(-8))));
        var w = Tensor.Zeros(2);
        SafeTensors.LoadInto(path, [new("w", w)]);
        Assert.Equal([0.5f, -8f], w.ToArray<float>());
    }

    [Fact]
    public void Duplicate_or_null_destinations_are_argument_errors()
    {
        using var dir = new TempDirectory();
        var path = Checkpoint(dir);
        Assert.Contains("two destinations are named 'a'", Assert.Throws<ArgumentException>(() => SafeTensors.LoadInto(path, [new("a", Tensor.Zeros(1)), new("a", Tensor.Zeros(1))])).Message);
        Assert.Throws<ArgumentException>(() => SafeTensors.LoadInto(path, [new("a", null!)]));
    }
}

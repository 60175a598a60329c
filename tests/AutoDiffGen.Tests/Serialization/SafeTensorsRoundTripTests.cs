using static AutoDiffGen.Tests.Serialization.SafeTensorsKit;

namespace AutoDiffGen.Tests.Serialization;

/// <summary>Save then load gives back every tensor bit for bit: every dtype, 0-d and empty tensors, views, streams.</summary>
public class SafeTensorsRoundTripTests
{
    public static TheoryData<DType> DTypes => [DType.Float32, DType.Float64, DType.Int64, DType.Int32, DType.Bool];

    private static Tensor Edgy(DType dtype, params int[] shape) => dtype switch
    {
        DType.Float32 => Tensor.FromArray(Cycle([0f, -0f, 1.5f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, float.MaxValue, -3.25e-20f], shape), shape),
        DType.Float64 => Tensor.FromArray(Cycle([0.0, -0.0, Math.PI, double.NaN, double.PositiveInfinity, double.Epsilon, double.MinValue, 1e300], shape), shape),
        DType.Int64 => Tensor.FromArray(Cycle([0L, -1L, long.MinValue, long.MaxValue, 1234567890123L], shape), shape),
        DType.Int32 => Tensor.FromArray(Cycle([0, -1, int.MinValue, int.MaxValue, 42], shape), shape),
        _ => Tensor.FromArray(Cycle([true, false, false, true, true], shape), shape),
    };

    private static T[] Cycle<T>(T[] values, int[] shape) =>
        Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(i => values[i % values.Length]).ToArray();

    [Theory]
    [MemberData(nameof(DTypes))]
    public void Every_dtype_round_trips_bit_for_bit_in_every_shape(DType dtype)
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["matrix"] = Edgy(dtype, 3, 4),
            ["scalar"] = Edgy(dtype),
            ["empty"] = Edgy(dtype, 0),
            ["empty3d"] = Edgy(dtype, 2, 0, 3),
            ["cube"] = Edgy(dtype, 2, 3, 2),
        };
        using var dir = new TempDirectory();
        var path = dir.File("all.safetensors");
        SafeTensors.Save(path, tensors);
        var loaded = SafeTensors.Load(path);
        Assert.Equal(tensors.Keys.Order(StringComparer.Ordinal), loaded.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, tensor) in tensors)
        {
            AssertIdentical(tensor, loaded[name]);
            Assert.True(loaded[name].IsContiguous);
        }

        Assert.Equal(0, loaded["scalar"].Dim);
        AssertIdentical(tensors["matrix"], SafeTensors.Deserialize(SafeTensors.Serialize(tensors))["matrix"]);
    }

    [Fact]
    public void Views_are_saved_as_contiguous_tensors_of_their_values()
    {
        var storage = Tensor.Arange(0, 24, 1, DType.Float64).View(4, 6);
        var transposed = storage.T;
        var sliced = storage[1..3, 2..5];
        var expanded = Tensor.FromArray(new[] { 1, 2, 3 }, [3, 1]).Expand(3, 4);
        Assert.False(transposed.IsContiguous);
        var loaded = SafeTensors.Deserialize(SafeTensors.Serialize(new Dictionary<string, Tensor>
        {
            ["t"] = transposed,
            ["s"] = sliced,
            ["e"] = expanded,
        }));
        AssertIdentical(transposed.Contiguous(), loaded["t"]);
        AssertIdentical(sliced.Contiguous(), loaded["s"]);
        AssertIdentical(expanded.Contiguous(), loaded["e"]);
        Assert.Equal([8.0, 9.0, 10.0, 14.0, 15.0, 16.0], loaded["s"].ToArray<double>());
    }

    [Fact]
    public void Metadata_round_trips_and_can_be_read_alone()
    {
        using var dir = new TempDirectory();
        var path = dir.File("m.safetensors");
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["epoch"] = "12", ["note"] = "ünïcode \"quoted\"" };
        SafeTensors.Save(path, [new("w", Tensor.Ones(2))], metadata);
        Assert.Equal(metadata.OrderBy(p => p.Key, StringComparer.Ordinal), SafeTensors.ReadMetadata(path));
        Assert.Equal(metadata.OrderBy(p => p.Key, StringComparer.Ordinal), SafeTensors.LoadWithMetadata(path).Metadata);

        SafeTensors.Save(path, [new("w", Tensor.Ones(2))]);
        Assert.Empty(SafeTensors.ReadMetadata(path));
    }

    [Fact]
    public void Streams_are_read_from_their_position_and_non_seekable_ones_work()
    {
        var tensors = new Dictionary<string, Tensor> { ["x"] = Edgy(DType.Float32, 5), ["y"] = Edgy(DType.Int64, 2, 2) };
        using var stream = new MemoryStream();
        stream.Write([1, 2, 3]);
        SafeTensors.Serialize(stream, tensors);
        stream.Position = 3;
        AssertIdentical(tensors["y"], SafeTensors.Deserialize(stream)["y"]);

        using var forwardOnly = new ForwardOnlyStream(SafeTensors.Serialize(tensors));
        AssertIdentical(tensors["x"], SafeTensors.Deserialize(forwardOnly)["x"]);
    }

    [Fact]
    public void Loaded_order_is_the_files_data_order()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["zeta"] = Tensor.Ones(1),
            ["alpha"] = Tensor.Ones(1),
            ["ints"] = Tensor.Arange(3),
            ["mask"] = Tensor.Scalar(true),
        };
        Assert.Equal(["ints", "alpha", "zeta", "mask"], SafeTensors.Deserialize(SafeTensors.Serialize(tensors)).Keys);
    }

    [Fact]
    public void Half_and_bfloat16_load_as_float32_exactly()
    {
        Half[] halves = [(Half)1, (Half)(-2.5), Half.MaxValue, Half.Epsilon, Half.NegativeInfinity, (Half)0.1];
        // bfloat16 is the upper 16 bits of a float32: 1.0 = 0x3F80, -3.140625 = 0xC049, 2^100 = 0x7180.
        ushort[] brains = [0x3F80, 0xC049, 0x7180];
        var file = File(
            "{\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[0,6]},\"h\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[6,18]}}",
            Bytes(brains),
            Bytes(halves));
        var loaded = SafeTensors.Deserialize(file);
        Assert.Equal(DType.Float32, loaded["h"].DType);
        Assert.Equal([2, 3], loaded["h"].Shape.ToArray());
        Assert.Equal(halves.Select(h => (float)h).ToArray(), loaded["h"].ToArray<float>());
        Assert.Equal([1f, -3.140625f, MathF.Pow(2, 100)], loaded["b"].ToArray<float>());
    }

    [Fact]
    public void Any_nonzero_bool_byte_loads_as_true()
    {
        var loaded = SafeTensors.Deserialize(File("{\"m\":{\"dtype\":\"BOOL\",\"shape\":[4],\"data_offsets\":[0,4]}}", [0, 1, 2, 255]));
        Assert.Equal([false, true, true, true], loaded["m"].ToArray<bool>());
        Assert.Equal(3, loaded["m"].To(DType.Int64).Sum().Item<long>());
    }

    [Theory]
    [InlineData("U8", 1)]
    [InlineData("I16", 2)]
    [InlineData("U64", 8)]
    [InlineData("F8_E4M3", 1)]
    [InlineData("C64", 8)]
    public void Dtypes_without_an_autodiffgen_dtype_are_named_in_the_error(string dtype, int size)
    {
        var file = File($"{{\"ok\":{{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}},\"img\":{{\"dtype\":\"{dtype}\",\"shape\":[2],\"data_offsets\":[4,{4 + (2 * size)}]}}}}", Zeros(4 + (2 * size)));
        var e = Assert.IsType<CheckpointDTypeException>(Rejects(file));
        Assert.Equal(dtype, e.SafeTensorsDType);
        Assert.Equal("img", e.TensorName);
        Assert.Contains($"tensor 'img' has dtype {dtype}, which AutoDiffGen cannot load", e.Message);
    }

    [Fact]
    public void Bad_arguments_to_save_are_reported_before_the_file_changes()
    {
        using var dir = new TempDirectory();
        var path = dir.File("x.safetensors");
        SafeTensors.Save(path, [new("a", Tensor.Ones(1))]);
        var before = System.IO.File.ReadAllBytes(path);
        Assert.Contains("two tensors are named 'a'", Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, [new("a", Tensor.Ones(1)), new("a", Tensor.Zeros(1))])).Message);
        Assert.Contains("'__metadata__' is reserved", Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, [new("__metadata__", Tensor.Ones(1))])).Message);
        Assert.Contains("'b' is null", Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, [new("b", null!)])).Message);
        Assert.Contains("unpaired surrogate", Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, [new("bad\uD800", Tensor.Ones(1))])).Message);
        Assert.Contains("must not be null", Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, [new("a", Tensor.Ones(1))], new Dictionary<string, string> { ["k"] = null! })).Message);
        Assert.Equal(before, System.IO.File.ReadAllBytes(path));
        Assert.Equal(["x.safetensors"], dir.Entries());
    }

    [Fact]
    public void A_save_that_fails_midway_leaves_the_previous_checkpoint_byte_identical()
    {
        using var dir = new TempDirectory();
        var path = dir.File("ckpt.safetensors");
        SafeTensors.Save(path, [new("w", Edgy(DType.Float32, 4, 4))], new Dictionary<string, string> { ["epoch"] = "1" });
        var before = System.IO.File.ReadAllBytes(path);

        var e = Assert.Throws<InvalidOperationException>(() => SafeTensors.Save(path, Failing()));
        Assert.Equal("the model went away", e.Message);
        Assert.Equal(before, System.IO.File.ReadAllBytes(path));
        Assert.Equal(["ckpt.safetensors"], dir.Entries());

        // A successful save replaces the file and leaves no temporary file behind.
        SafeTensors.Save(path, [new("w", Tensor.Zeros(2))]);
        Assert.NotEqual(before, System.IO.File.ReadAllBytes(path));
        Assert.Equal(["ckpt.safetensors"], dir.Entries());

        static IEnumerable<KeyValuePair<string, Tensor>> Failing()
        {
            yield return new("w", Tensor.Ones(4, 4));
            throw new InvalidOperationException("the model went away");
        }
    }

    /// <summary>A stream that can only be read forwards, like a network stream.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 5));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

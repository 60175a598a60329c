using static AutoDiffGen.Tests.Serialization.SafeTensorsKit;

namespace AutoDiffGen.Tests.Serialization;

/// <summary>
/// One hostile or damaged file per rule of the reference reader (safetensors/src/tensor.rs <c>read_metadata</c> and
/// <c>Metadata::validate</c>) and per rule we add: each gets a <see cref="CheckpointFormatException"/> that names
/// the file, the problem and, where there is one, the tensor and the byte offset.
/// </summary>
public class SafeTensorsValidationTests
{
    private static string Entry(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void A_file_shorter_than_the_size_field(int length)
    {
        var e = Rejects(Zeros(length));
        Assert.Contains($"it is {length} bytes long, too short for the 8-byte header size", e.Message);
    }

    [Fact]
    public void A_header_size_over_100_mb()
    {
        // tensor.rs test_header_too_large: the size field's high bytes set.
        var file = File("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", Zeros(16));
        file[5] = file[6] = file[7] = 0xFF;
        var e = Rejects(file);
        Assert.Contains("more than the 100000000 a safetensors header may have", e.Message);
        Assert.Equal(0, e.ByteOffset);
    }

    [Fact]
    public void A_header_size_past_the_end_of_the_file()
    {
        // tensor.rs test_invalid_header_length: a size field of 60 and nothing after it.
        var e = Rejects([60, 0, 0, 0, 0, 0, 0, 0]);
        Assert.Contains("the header size field says 60 bytes, but only 0 bytes follow it", e.Message);
    }

    [Fact]
    public void A_header_that_is_not_utf8()
    {
        var e = Rejects(File([(byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}']));
        Assert.Contains("the header is not valid UTF-8", e.Message);
        Assert.Equal(10, e.ByteOffset);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",}}", "not valid JSON")]
    [InlineData("{} {}", "not valid JSON")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("\"x\"", "not a JSON object")]
    [InlineData("", "not valid JSON")]
    public void A_header_that_is_not_a_json_object(string header, string expected) =>
        Assert.Contains(expected, Rejects(File(header)).Message);

    [Theory]
    [InlineData("{\"\\ud800\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}")]
    [InlineData("{\"__metadata__\":{\"a\":\"\\udc00\"}}")]
    public void A_string_escaping_a_lone_surrogate(string header) =>
        Assert.Contains("the header has a string that is not valid Unicode", Rejects(File(header, Zeros(4))).Message);

    [Fact]
    public void An_unknown_dtype()
    {
        var e = Rejects(File("{" + Entry("w", "F17", "[1]", 0, 4) + "}", Zeros(4)));
        Assert.Contains("tensor 'w' has the unknown dtype 'F17'; safetensors dtypes are BOOL, F4,", e.Message);
        Assert.Equal("w", e.TensorName);
        Assert.Equal(8 + "{\"w\":{".Length, e.ByteOffset);
    }

    [Theory]
    [InlineData("{\"w\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}", "the dtype of tensor 'w' is the number 32, not a string")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "element 0 of the shape of tensor 'w' is the number -1; it must be a non-negative integer")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", "the number 1.5; it must be a non-negative integer")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1,\"2\"],\"data_offsets\":[0,4]}}", "element 1 of the shape of tensor 'w' is the string \"2\"")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":4,\"data_offsets\":[0,4]}}", "the shape of tensor 'w' is the number 4, not a list")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", "the data_offsets of tensor 'w' have 3 numbers")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", "the entry of tensor 'w' has no 'data_offsets'")]
    [InlineData("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", "the entry of tensor 'w' has no 'dtype'")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "tensor 'w' has two 'dtype' fields")]
    [InlineData("{\"w\":[0,4]}", "the entry of tensor 'w' is a list, not an object")]
    public void A_malformed_tensor_entry(string header, string expected)
    {
        var e = Rejects(File(header, Zeros(4)));
        Assert.Contains(expected, e.Message);
        Assert.Equal("w", e.TensorName);
    }

    [Fact]
    public void Data_offsets_that_end_before_they_begin()
    {
        var e = Rejects(File("{" + Entry("w", "F32", "[0]", 4, 0) + "}", Zeros(4)));
        Assert.Contains("tensor 'w' has data_offsets [4, 0]: the end is before the begin", e.Message);
    }

    [Fact]
    public void Data_offsets_past_the_end_of_the_buffer()
    {
        var e = Rejects(File("{" + Entry("w", "F32", "[4]", 0, 16) + "}", Zeros(12)));
        Assert.Contains("tensor 'w' has data_offsets [0, 16], past the end of the data: the file holds 12 bytes after the header", e.Message);
    }

    [Fact]
    public void A_byte_range_that_does_not_match_shape_and_dtype()
    {
        // tensor.rs test_invalid_info: I32 [2, 2] needs 16 bytes, not 4.
        var e = Rejects(File("{" + Entry("test", "I32", "[2,2]", 0, 4) + "}", Zeros(4)));
        Assert.Contains("tensor 'test' of dtype I32 and shape [2, 2] needs 16 bytes, but its data_offsets [0, 4] hold 4", e.Message);
        Assert.Equal("test", e.TensorName);
    }

    [Theory]
    [InlineData("[2,18446744073709551614]")]
    [InlineData("[2,9223372036854775807]")]
    public void A_size_that_overflows_64_bits(string shape)
    {
        // tensor.rs test_validation_overflow: the element count, then the byte count, overflow.
        var e = Rejects(File("{" + Entry("test", "I32", shape, 0, 16) + "}", Zeros(16)));
        Assert.Contains("the size of tensor 'test'", e.Message);
        Assert.Contains("overflows 64 bits", e.Message);
    }

    [Fact]
    public void Tensors_whose_bytes_overlap()
    {
        // tensor.rs test_json_attack: many tensors over the same 16 bytes.
        var header = "{" + string.Join(",", Enumerable.Range(0, 10).Select(i => Entry($"weight_{i}", "F32", "[2,2]", 0, 16))) + "}";
        var e = Rejects(File(header, Zeros(16)));
        Assert.Contains("tensor 'weight_1' (data_offsets [0, 16]) overlaps tensor 'weight_0', which ends at 16", e.Message);
        Assert.Equal("weight_1", e.TensorName);
    }

    [Fact]
    public void A_gap_before_the_first_tensor_or_between_tensors()
    {
        var header = "{" + Entry("w", "F32", "[2]", 8, 16) + "}";
        var first = Rejects(File(header, Zeros(16)));
        Assert.Contains("bytes [0, 8) of the data at the start of the data belong to no tensor", first.Message);
        Assert.Equal(8 + header.Length, first.ByteOffset);

        var between = Rejects(File("{" + Entry("a", "F32", "[1]", 0, 4) + "," + Entry("b", "F32", "[1]", 8, 12) + "}", Zeros(12)));
        Assert.Contains("bytes [4, 8) of the data after tensor 'a' belong to no tensor", between.Message);
        Assert.Equal("b", between.TensorName);
    }

    [Fact]
    public void Bytes_after_the_last_tensor()
    {
        // tensor.rs test_metadata_incomplete_buffer: a polyglot file with data after the tensors.
        var header = "{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}";
        var e = Rejects(File(header, Zeros(16), "extra_bogus_data_for_polyglot_file"u8.ToArray()));
        Assert.Contains("50 bytes follow the header but the last tensor, 'test', ends at byte 16; bytes [16, 50) of the data belong to no tensor", e.Message);
        Assert.Equal(8 + header.Length + 16, e.ByteOffset);

        var noTensors = Rejects(File("{}", Zeros(3)));
        Assert.Contains("3 bytes follow the header but the header lists no tensors", noTensors.Message);
    }

    [Fact]
    public void A_truncated_file()
    {
        var e = Rejects(File("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", Zeros(14)));
        Assert.Contains("past the end of the data: the file holds 14 bytes after the header", e.Message);
    }

    [Fact]
    public void A_name_given_twice()
    {
        var e = Rejects(File("{" + Entry("w", "F32", "[1]", 0, 4) + "," + Entry("w", "F32", "[1]", 4, 8) + "}", Zeros(8)));
        Assert.Contains("the tensor name 'w' appears twice in the header", e.Message);
        Assert.Equal("w", e.TensorName);
    }

    [Theory]
    [InlineData("{\"__metadata__\":{\"epoch\":3}}", "the '__metadata__' value of 'epoch' is the number 3; metadata values must be strings")]
    [InlineData("{\"__metadata__\":{\"a\":{\"b\":\"c\"}}}", "the '__metadata__' value of 'a' is an object")]
    [InlineData("{\"__metadata__\":[\"pt\"]}", "'__metadata__' is a list, not an object of strings")]
    [InlineData("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}", "the '__metadata__' key 'a' appears twice")]
    [InlineData("{\"__metadata__\":{},\"__metadata__\":{}}", "the header has two '__metadata__' entries")]
    public void Bad_metadata(string header, string expected) => Assert.Contains(expected, Rejects(File(header)).Message);

    [Fact]
    public void A_tensor_too_large_for_an_autodiffgen_tensor()
    {
        // No bytes are needed (a zero size), but 65536 × 65536 elements before it do not fit an int.
        var e = Rejects(File("{" + Entry("w", "F32", "[65536,65536,0]", 0, 0) + "}"));
        Assert.Contains("AutoDiffGen tensors hold at most 2147483647 elements", e.Message);
    }

    [Fact]
    public void Deep_nesting_in_an_ignored_field_is_an_error_not_a_crash()
    {
        var deep = new string('[', 100) + new string(']', 100);
        Assert.Contains("not valid JSON", Rejects(File("{\"w\":{\"x\":" + deep + ",\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", Zeros(4))).Message);
    }

    [Fact]
    public void What_the_reference_reader_accepts_loads()
    {
        // Unknown fields are ignored, whitespace may surround the object, "__metadata__": null means none.
        var loaded = SafeTensors.Deserialize(File(" \n{\"__metadata__\":null,\"w\":{\"note\":[1,{\"x\":2}],\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}\t ", Bytes(2.5f)));
        Assert.Equal(2.5f, loaded["w"].Item<float>());
    }

    [Fact]
    public void Random_damage_to_a_valid_file_loads_or_throws_a_format_error_and_nothing_else()
    {
        var valid = SafeTensors.Serialize(
            new Dictionary<string, Tensor>
            {
                ["fc.weight"] = Tensor.Ones(3, 2),
                ["fc.bias"] = Tensor.Arange(3),
                ["mask"] = Tensor.Scalar(true),
                ["pi"] = Tensor.Scalar(Math.PI, DType.Float64),
            },
            new Dictionary<string, string> { ["format"] = "pt" });
        var random = new Random(1234);
        byte[] interesting = [(byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)'"', (byte)',', (byte)':', (byte)'\\', (byte)'-', (byte)'0', (byte)'9', 0, 0xFF, 0xC3];
        for (var trial = 0; trial < 3000; trial++)
        {
            var file = (byte[])valid.Clone();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                // Mostly the size field and the header, where the structure is.
                var at = random.Next(Math.Min(file.Length, 200));
                switch (random.Next(4))
                {
                    case 0: file[at] = interesting[random.Next(interesting.Length)]; break;
                    case 1: file[at] = (byte)random.Next(256); break;
                    case 2: file = [.. file[..at], .. file[(at + 1)..]]; break;
                    default: file = [.. file[..at], (byte)random.Next(256), .. file[at..]]; break;
                }
            }

            try
            {
                SafeTensors.Deserialize(file);
            }
            catch (CheckpointFormatException)
            {
                // The only acceptable failure.
            }
        }
    }

    [Fact]
    public void A_hostile_size_claim_allocates_nothing_like_it()
    {
        // A 99 MB header claimed by a 20-byte file, and a 2 GB tensor claimed by a 100-byte one: both rejected
        // before anything of that size is allocated.
        var bigHeader = File("{}      ", Zeros(4));
        bigHeader[0] = 0xFF;
        bigHeader[1] = 0xDF;
        bigHeader[2] = 0xF5;
        bigHeader[3] = 0x05;
        var bigTensor = File("{" + Entry("w", "F32", "[536870912]", 0, 2147483648) + "}", Zeros(100));
        foreach (var file in new[] { bigHeader, bigTensor })
        {
            Assert.ThrowsAny<CheckpointFormatException>(() => SafeTensors.Deserialize(file));
            var before = GC.GetAllocatedBytesForCurrentThread();
            Assert.ThrowsAny<CheckpointFormatException>(() => SafeTensors.Deserialize(file));
            Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
        }
    }
}

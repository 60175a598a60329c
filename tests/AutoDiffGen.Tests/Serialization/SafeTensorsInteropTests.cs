using System.Text;
using static AutoDiffGen.Tests.Serialization.SafeTensorsKit;

namespace AutoDiffGen.Tests.Serialization;

/// <summary>
/// Files as Python's <c>safetensors.torch.save_file</c> writes them, built here byte by byte from the reference
/// writer's rules (huggingface/safetensors, safetensors/src/tensor.rs: sort by dtype rank descending then name,
/// compact serde_json header with <c>__metadata__</c> first, spaces to a multiple of 8), and the golden byte
/// vectors of that file's own tests: we read them, and our writer produces exactly them.
/// </summary>
public class SafeTensorsInteropTests
{
    private static readonly float[] _bias = [0.5f, -1.25f, 3f];
    private static readonly float[] _weight = [1f, -2f, 0.25f, 4f, 5.5f, -6f];

    // save_file({"weight": w, "bias": b}, path, metadata={"format": "pt"}) with w of shape [2, 3] and b of shape [3]:
    // the header is 151 bytes, padded with one space to 152; bias (sorted first) holds bytes [0, 12) of the data.
    private static byte[] PythonFile() => File(
        "{\"__metadata__\":{\"format\":\"pt\"},\"bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},\"weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[12,36]}} ",
        Bytes(_bias),
        Bytes(_weight));

    [Fact]
    public void A_file_written_by_python_loads_with_its_names_shapes_values_and_metadata()
    {
        var file = PythonFile();
        Assert.Equal(152UL, BitConverter.ToUInt64(file, 0));
        using var dir = new TempDirectory();
        var (tensors, metadata) = SafeTensors.LoadWithMetadata(dir.Write("model.safetensors", file));
        Assert.Equal(["bias", "weight"], tensors.Keys);
        AssertIdentical(F32(_bias, 3), tensors["bias"]);
        AssertIdentical(F32(_weight, 2, 3), tensors["weight"]);
        Assert.Equal(Device.Cpu, tensors["weight"].Device);
        Assert.Equal(new Dictionary<string, string> { ["format"] = "pt" }, metadata);
    }

    [Fact]
    public void Our_save_of_the_same_tensors_is_byte_identical_to_pythons()
    {
        using var dir = new TempDirectory();
        var path = dir.File("model.safetensors");
        var tensors = new Dictionary<string, Tensor> { ["weight"] = F32(_weight, 2, 3), ["bias"] = F32(_bias, 3) };
        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        Assert.Equal(PythonFile(), System.IO.File.ReadAllBytes(path));
        Assert.Equal(["model.safetensors"], dir.Entries());
    }

    [Fact]
    public void The_reference_tests_golden_bytes_are_what_we_write()
    {
        // tensor.rs test_serialization: {"attn.0": F32 [1, 2, 3] = 0..5}, no metadata; a 64-byte header needs no padding.
        var values = F32([0, 1, 2, 3, 4, 5], 1, 2, 3);
        var attn = File("{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}", Bytes(0f, 1f, 2f, 3f, 4f, 5f));
        Assert.Equal(64, attn[0]);
        Assert.Equal(attn, SafeTensors.Serialize([new("attn.0", values)]));

        // test_serialization_forced_alignement: "attn0", shape [1, 1, 2, 3]: 65 bytes padded with 7 spaces to 72.
        var aligned = File("{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ", Bytes(0f, 1f, 2f, 3f, 4f, 5f));
        Assert.Equal(72, aligned[0]);
        Assert.Equal(aligned, SafeTensors.Serialize([new("attn0", values.View(1, 1, 2, 3))]));

        // test_empty: no tensors gives "{}" and 6 spaces; with metadata {"framework": "pt"}, 35 bytes and 5 spaces.
        Assert.Equal(File("{}      "), SafeTensors.Serialize([]));
        Assert.Equal(
            File("{\"__metadata__\":{\"framework\":\"pt\"}}     "),
            SafeTensors.Serialize([], new Dictionary<string, string> { ["framework"] = "pt" }));
    }

    [Fact]
    public void The_reference_tests_files_load()
    {
        // test_deserialization: I32 [2, 2] of zeros, with the header written without padding.
        var zeros = SafeTensors.Deserialize(File("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", Zeros(16)));
        AssertIdentical(Tensor.Zeros([2, 2], DType.Int32), zeros["test"]);

        // test_empty_shapes_allowed and test_zero_sized_tensor (offsets written as "[0, 0]" with a space).
        var scalar = SafeTensors.Deserialize(File("{\"test\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[0,4]}}", Bytes(7)));
        Assert.Equal(0, scalar["test"].Dim);
        Assert.Equal(7, scalar["test"].Item<int>());
        var empty = SafeTensors.Deserialize(File("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,0],\"data_offsets\":[0, 0]}}"));
        Assert.Equal([2, 0], empty["test"].Shape.ToArray());

        // test_whitespace_padded_header: any JSON whitespace may pad the header.
        Assert.Empty(SafeTensors.Deserialize(File("{}\r \t\n")));
    }

    [Fact]
    public void Tensors_are_ordered_by_dtype_rank_then_name_as_the_reference_writer_orders_them()
    {
        // Rank (tensor.rs enum Dtype): BOOL < I32 < F32 < F64 < I64; written descending, then by name's UTF-8 bytes.
        var tensors = new Dictionary<string, Tensor>
        {
            ["a"] = Tensor.Scalar(true),
            ["b"] = Tensor.Scalar(3, DType.Int32),
            ["c"] = Tensor.Scalar(1.5),
            ["d"] = Tensor.Scalar(2.5, DType.Float64),
            ["e"] = Tensor.Scalar(-4L),
            ["z"] = Tensor.Scalar(0.0),
            ["A"] = Tensor.Scalar(1.0),
        };
        var bytes = SafeTensors.Serialize(tensors);
        var expected =
            "{\"e\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]}," +
            "\"d\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[8,16]}," +
            "\"A\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[16,20]}," +
            "\"c\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[20,24]}," +
            "\"z\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[24,28]}," +
            "\"b\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[28,32]}," +
            "\"a\":{\"dtype\":\"BOOL\",\"shape\":[],\"data_offsets\":[32,33]}}";
        expected += new string(' ', (8 - (expected.Length % 8)) % 8);
        Assert.Equal(
            File(expected, Bytes(-4L), Bytes(2.5), Bytes(1f), Bytes(1.5f), Bytes(0f), Bytes(3), [1]),
            bytes);
        Assert.Equal(["e", "d", "A", "c", "z", "b", "a"], SafeTensors.Deserialize(bytes).Keys);
    }

    [Fact]
    public void Names_are_escaped_as_serde_json_escapes_them_and_sorted_by_their_utf8_bytes()
    {
        // serde_json escapes only '"', '\\' and control characters (short forms, else \u00xx in lower case); DEL,
        // non-ASCII letters and emoji are written as raw UTF-8. U+FF5E sorts before U+1F600 in UTF-8 (EF < F0) but
        // after it in UTF-16 (FF5E > D83D): the reference writer compares Rust strings, i.e. UTF-8 bytes.
        var odd = "q\"b\\s\nn\tt\u0001c\u001fx\u007fé";
        var tensors = new Dictionary<string, Tensor>
        {
            [odd] = Tensor.Scalar(1.0),
            ["\U0001F600"] = Tensor.Scalar(2.0),
            ["\uFF5E"] = Tensor.Scalar(3.0),
        };
        var metadata = new Dictionary<string, string> { ["z"] = "last", ["a\u0008"] = "\u000c\r" };
        var expected =
            "{\"__metadata__\":{\"a\\b\":\"\\f\\r\",\"z\":\"last\"}," +
            "\"q\\\"b\\\\s\\nn\\tt\\u0001c\\u001fx\u007fé\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}," +
            "\"\uFF5E\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[4,8]}," +
            "\"\U0001F600\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]}}";
        var header = Encoding.UTF8.GetBytes(expected);
        header = [.. header, .. Enumerable.Repeat((byte)' ', (8 - (header.Length % 8)) % 8)];
        var bytes = SafeTensors.Serialize(tensors, metadata);
        Assert.Equal(File(header, Bytes(1f, 3f, 2f)), bytes);

        using var stream = new MemoryStream(bytes);
        var (loaded, loadedMetadata) = SafeTensors.DeserializeWithMetadata(stream);
        Assert.Equal([odd, "\uFF5E", "\U0001F600"], loaded.Keys);
        Assert.Equal(metadata.OrderBy(p => p.Key, StringComparer.Ordinal), loadedMetadata);
    }
}

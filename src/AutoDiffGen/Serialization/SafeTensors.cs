using AutoDiffGen.Serialization;

namespace AutoDiffGen;

/// <summary>
/// Checkpoints in Hugging Face's safetensors format, the format of <c>safetensors.torch.save_file</c> /
/// <c>load_file</c>: named tensors and free-form string metadata, no code and no pickles, so a file from anywhere
/// can be opened safely. Files written here are byte-identical to what Python's writer produces for the same
/// tensors, and files from PyTorch load with their names (<c>fc1.weight</c>, <c>fc1.bias</c>, ...).
/// </summary>
/// <remarks>
/// <para>Dtypes: F32, F64, I64, I32 and BOOL are saved and loaded as Float32, Float64, Int64, Int32 and Bool; F16 and
/// BF16 load as Float32 (exactly); any other dtype throws <see cref="CheckpointDTypeException"/> naming it.
/// Tensors on an OpenCL device are copied to the host to be saved, and views are saved as contiguous tensors.</para>
/// <para>Every file is validated before tensors are allocated, as the reference implementation does, and a bad one
/// throws <see cref="CheckpointFormatException"/> saying what is wrong; see docs/checkpoints.md for the rules.</para>
/// </remarks>
public static partial class SafeTensors
{
    /// <summary>
    /// Saves named tensors (e.g. <c>model.NamedParameters()</c>, or a dictionary) and optional metadata such as
    /// <c>{"format": "pt"}</c>. The file is replaced atomically: if anything fails, an existing file is left as it was.
    /// </summary>
    /// <exception cref="ArgumentException">A null, duplicate or reserved (<c>__metadata__</c>) name, or a null tensor.</exception>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        AtomicFile.Write(path, stream => SafeTensorsWriter.Write(stream, tensors, metadata));
    }

    /// <summary>Writes named tensors and optional metadata to a stream in the safetensors format.</summary>
    public static void Serialize(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        SafeTensorsWriter.Write(stream, tensors, metadata);
    }

    /// <summary>The safetensors bytes of named tensors and optional metadata (what <c>safetensors.torch.save</c> returns).</summary>
    public static byte[] Serialize(IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var stream = new MemoryStream();
        Serialize(stream, tensors, metadata);
        return stream.ToArray();
    }

    /// <summary>
    /// Loads every tensor of a safetensors file, by name, in the order of the file's data (for files written by
    /// this library or by Python, the writer's order: by dtype, then name). Tensors are moved to
    /// <paramref name="device"/> when one is given.
    /// </summary>
    /// <exception cref="CheckpointFormatException">The file is not a valid safetensors file.</exception>
    /// <exception cref="CheckpointDTypeException">A tensor has a dtype AutoDiffGen cannot hold (e.g. U8).</exception>
    public static IReadOnlyDictionary<string, Tensor> Load(string path, Device? device = null) => LoadWithMetadata(path, device).Tensors;

    /// <summary>Like <see cref="Load"/>, also returning the file's <c>__metadata__</c> (empty when it has none).</summary>
    public static (IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata) LoadWithMetadata(string path, Device? device = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = OpenRead(path);
        return SafeTensorsReader.Read(stream, CheckpointSource.File(path), device);
    }

    /// <summary>Reads only the <c>__metadata__</c> of a safetensors file (the header is validated; no tensor is read).</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = OpenRead(path);
        return SafeTensorsReader.ReadHeader(stream, stream.Length, CheckpointSource.File(path)).Metadata;
    }

    /// <summary>Reads tensors in the safetensors format from the current position of a stream to its end.</summary>
    public static IReadOnlyDictionary<string, Tensor> Deserialize(Stream stream, Device? device = null) => DeserializeWithMetadata(stream, device).Tensors;

    /// <summary>Reads tensors from safetensors bytes (what <c>safetensors.torch.save</c> returns).</summary>
    public static IReadOnlyDictionary<string, Tensor> Deserialize(byte[] data, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var stream = new MemoryStream(data, writable: false);
        return Deserialize(stream, device);
    }

    /// <summary>Like <see cref="Deserialize(Stream, Device?)"/>, also returning the <c>__metadata__</c>.</summary>
    public static (IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata) DeserializeWithMetadata(Stream stream, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return SafeTensorsReader.Read(stream, CheckpointSource.Stream, device);
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
}

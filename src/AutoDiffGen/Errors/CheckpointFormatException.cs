using System.Globalization;

namespace AutoDiffGen;

/// <summary>
/// Thrown when a checkpoint (a safetensors file, stream or byte array) is damaged, truncated or not in the
/// safetensors format. The message names the file and what is wrong, and the tensor and byte offset where there is
/// one; nothing is read past the data or allocated beyond the file's size before the check that throws.
/// </summary>
public class CheckpointFormatException : IOException
{
    public CheckpointFormatException(string message)
        : base(message)
    {
    }

    public CheckpointFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CheckpointFormatException()
    {
    }

    /// <summary>An error about <paramref name="source"/> (a path, or a description of a stream).</summary>
    internal CheckpointFormatException(string source, string? filePath, string problem, string? tensorName = null, long? byteOffset = null, Exception? innerException = null)
        : base(Describe(source, problem, byteOffset), innerException)
    {
        FilePath = filePath;
        TensorName = tensorName;
        ByteOffset = byteOffset;
    }

    /// <summary>The checkpoint's path, or null when it was read from a stream or a byte array.</summary>
    public string? FilePath { get; }

    /// <summary>The tensor whose entry is wrong, when the problem is in one tensor's entry.</summary>
    public string? TensorName { get; }

    /// <summary>The position in the file (from its first byte) where the problem is, when there is one.</summary>
    public long? ByteOffset { get; }

    private static string Describe(string source, string problem, long? byteOffset) => byteOffset is { } at
        ? string.Create(CultureInfo.InvariantCulture, $"{source}: {problem} (at byte {at}).")
        : $"{source}: {problem}.";
}

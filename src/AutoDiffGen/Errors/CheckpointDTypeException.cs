namespace AutoDiffGen;

/// <summary>
/// Thrown when a well-formed safetensors checkpoint holds a tensor whose element type AutoDiffGen has no dtype for
/// (e.g. <c>U8</c>, <c>I16</c>, <c>F8_E4M3</c>, <c>C64</c>). <see cref="SafeTensorsDType"/> names it as the file does.
/// </summary>
public sealed class CheckpointDTypeException : CheckpointFormatException
{
    public CheckpointDTypeException(string message)
        : base(message)
    {
    }

    public CheckpointDTypeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CheckpointDTypeException()
    {
    }

    internal CheckpointDTypeException(string source, string? filePath, string problem, string tensorName, string dtype)
        : base(source, filePath, problem, tensorName)
    {
        SafeTensorsDType = dtype;
    }

    /// <summary>The unsupported dtype as written in the file, e.g. <c>U8</c>.</summary>
    public string? SafeTensorsDType { get; }
}

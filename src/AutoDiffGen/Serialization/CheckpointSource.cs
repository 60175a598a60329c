namespace AutoDiffGen.Serialization;

/// <summary>Where a checkpoint is read from, for error messages: a file's path, or a description of a stream.</summary>
internal readonly record struct CheckpointSource(string Description, string? FilePath)
{
    public static CheckpointSource File(string path) => new(path, path);

    public static CheckpointSource Stream => new("safetensors data", null);

    public CheckpointFormatException Error(string problem, string? tensor = null, long? byteOffset = null, Exception? inner = null) =>
        new(Description, FilePath, problem, tensor, byteOffset, inner);
}

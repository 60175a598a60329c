namespace AutoDiffGen;

/// <summary>
/// Thrown when a valid checkpoint does not fit what it is loaded into, like PyTorch's <c>load_state_dict</c> errors:
/// names missing from the checkpoint or not expected by the model (in strict mode), tensors of another shape or
/// dtype, or an optimizer checkpoint of another kind or with other hyper-parameters. The message lists every
/// problem at once; nothing was changed when it is thrown.
/// </summary>
public sealed class CheckpointMismatchException : InvalidOperationException
{
    public CheckpointMismatchException(string message)
        : base(message)
    {
    }

    public CheckpointMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CheckpointMismatchException()
    {
    }

    internal CheckpointMismatchException(string message, IReadOnlyList<string> missingKeys, IReadOnlyList<string> unexpectedKeys, Exception? innerException = null)
        : base(message, innerException)
    {
        MissingKeys = missingKeys;
        UnexpectedKeys = unexpectedKeys;
    }

    /// <summary>The names the destination expects that the checkpoint lacks (empty when that is not the problem).</summary>
    public IReadOnlyList<string> MissingKeys { get; } = [];

    /// <summary>The names in the checkpoint that the destination does not have (empty when that is not the problem).</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; } = [];
}

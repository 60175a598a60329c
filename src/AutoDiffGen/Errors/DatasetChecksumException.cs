namespace AutoDiffGen;

/// <summary>
/// A downloaded dataset file does not have the SHA-256 hash its source lists: the mirror serves a different
/// or damaged file, or the download was altered on the way. The file was deleted, not moved into place; the
/// message names it with both hashes.
/// </summary>
public sealed class DatasetChecksumException : Exception
{
    public DatasetChecksumException(string message)
        : base(message)
    {
        FilePath = "";
        ExpectedSha256 = "";
        ActualSha256 = "";
    }

    public DatasetChecksumException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = "";
        ExpectedSha256 = "";
        ActualSha256 = "";
    }

    public DatasetChecksumException()
        : this("Dataset file has the wrong hash.")
    {
    }

    internal DatasetChecksumException(Uri uri, string filePath, string expectedSha256, string actualSha256)
        : base($"{Path.GetFileName(filePath)} downloaded from {uri} has SHA-256 {actualSha256}, but {expectedSha256} was expected; "
            + $"the file was deleted and nothing was written to {filePath}. Try another mirror, or check the expected hash in the DownloadSource.")
    {
        Uri = uri;
        FilePath = filePath;
        ExpectedSha256 = expectedSha256;
        ActualSha256 = actualSha256;
    }

    /// <summary>The address the file came from.</summary>
    public Uri? Uri { get; }

    /// <summary>Where the file would have been written.</summary>
    public string FilePath { get; }

    /// <summary>The hash the source lists (lowercase hex).</summary>
    public string ExpectedSha256 { get; }

    /// <summary>The hash of what arrived (lowercase hex).</summary>
    public string ActualSha256 { get; }
}

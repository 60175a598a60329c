namespace AutoDiffGen;

/// <summary>
/// Downloading a dataset file failed: the server answered with an error status, the connection stalled, or
/// the source lists no expected hash for the file (files are never kept unverified). Nothing is left in place
/// of the file. A file that arrived but has the wrong contents is a <see cref="DatasetChecksumException"/>.
/// </summary>
public sealed class DatasetDownloadException : Exception
{
    public DatasetDownloadException(string message)
        : base(message)
    {
        FilePath = "";
    }

    public DatasetDownloadException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = "";
    }

    public DatasetDownloadException()
        : this("Dataset download failed.")
    {
    }

    internal DatasetDownloadException(Uri uri, string filePath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Uri = uri;
        FilePath = filePath;
    }

    /// <summary>The address that was fetched, when one was.</summary>
    public Uri? Uri { get; }

    /// <summary>Where the file would have been written.</summary>
    public string FilePath { get; }
}

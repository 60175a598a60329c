namespace AutoDiffGen;

/// <summary>
/// A dataset file is truncated, corrupt or not in the format its reader expects: a wrong IDX magic number, a
/// header or record cut short, a gzip stream that ends early, image and label counts that disagree, a CSV cell
/// that is not a number. The message names the file and where in it the problem is, so the file can be
/// re-downloaded or fixed; <see cref="Offset"/> (binary files) or <see cref="Line"/> and <see cref="Column"/>
/// (text files) hold the same position for code.
/// </summary>
public sealed class DatasetFormatException : Exception
{
    public DatasetFormatException(string message)
        : base(message)
    {
        FilePath = "";
    }

    public DatasetFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = "";
    }

    public DatasetFormatException()
        : this("Dataset file has an unexpected format.")
    {
    }

    /// <summary>An error at a byte offset of a binary file; the message should already name both.</summary>
    public DatasetFormatException(string filePath, long? offset, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
        Offset = offset;
    }

    /// <summary>An error in a cell of a text file; the message should already name the file, line and column.</summary>
    public DatasetFormatException(string filePath, int line, string? column, string message)
        : base(message)
    {
        FilePath = filePath;
        Line = line;
        Column = column;
    }

    /// <summary>The file that failed to read.</summary>
    public string FilePath { get; }

    /// <summary>
    /// The byte offset of the problem, or null where no single offset applies. For a gzip-compressed file it is an
    /// offset in the decompressed data, except for errors in the gzip stream itself (the message says which).
    /// </summary>
    public long? Offset { get; }

    /// <summary>The 1-based line of a text file, or null for binary files.</summary>
    public int? Line { get; }

    /// <summary>The column's name (its header, or its 0-based index without a header), or null.</summary>
    public string? Column { get; }
}

namespace AutoDiffGen;

/// <summary>
/// Thrown by a <c>DataLoader</c>'s enumerator when reading a sample or collating a batch failed, in the caller's
/// thread whatever the number of workers. The message names the dataset index (or the batch, for a collation
/// error) and the epoch; <see cref="Exception.InnerException"/> is the dataset's or collate function's own
/// exception with its original stack trace.
/// </summary>
public sealed class DataLoaderException : Exception
{
    public DataLoaderException(string message, Exception innerException, int? sampleIndex, int batchIndex, int epoch)
        : base(message, innerException)
    {
        SampleIndex = sampleIndex;
        BatchIndex = batchIndex;
        Epoch = epoch;
    }

    public DataLoaderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DataLoaderException(string message)
        : base(message)
    {
    }

    public DataLoaderException()
    {
    }

    /// <summary>The dataset index of the sample that failed; null when collating the batch failed.</summary>
    public int? SampleIndex { get; }

    /// <summary>The position of the failed batch in the epoch (0 for the first batch).</summary>
    public int BatchIndex { get; }

    /// <summary>The epoch being loaded.</summary>
    public int Epoch { get; }
}

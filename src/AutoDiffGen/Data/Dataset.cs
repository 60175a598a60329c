namespace AutoDiffGen;

/// <summary>
/// A map-style dataset, like <c>torch.utils.data.Dataset</c>: a known number of samples, each read by index.
/// Readers (MNIST, CIFAR-10, CSV, image folders), <c>TensorDataset</c> and <c>Subset</c> derive
/// from it; <c>DataLoader</c> batches it. An indexer may be called from several worker
/// threads at once, so implementations must be safe for concurrent reads.
/// </summary>
/// <typeparam name="T">The sample type, e.g. <c>(Tensor Input, Tensor Target)</c> or <c>(Image Image, long Label)</c>.</typeparam>
public abstract class Dataset<T> : IReadOnlyList<T>
{
    /// <summary>The number of samples.</summary>
    public abstract int Count { get; }

    /// <summary>The sample at <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the dataset.</exception>
    public abstract T this[int index] { get; }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Throws the dataset's out-of-range error; for implementations' indexers.</summary>
    protected void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{GetType().Name}: index {index} is outside the dataset of {Count} samples (valid: 0..{Count - 1}).");
        }
    }
}

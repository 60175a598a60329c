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

    /// <summary>
    /// The sample at <paramref name="index"/> as seen in epoch <paramref name="epoch"/>: what a <c>DataLoader</c>
    /// reads. A dataset whose samples are random (a <see cref="MapDataset{TIn, TOut}"/> with a seeded random
    /// transform) draws from a stream derived from (seed, epoch, index), so each epoch sees fresh augmentations and
    /// the loader's output never depends on how many workers read it. Other datasets ignore the epoch; the indexer is
    /// epoch 0.
    /// </summary>
    public virtual T Get(int index, int epoch) => this[index];

    /// <summary>
    /// A dataset whose sample i is <paramref name="selector"/> applied to this dataset's sample i, computed when read
    /// (like a torchvision dataset's <c>transform=</c>). The selector may be called from several worker threads.
    /// Unlike LINQ's <c>Select</c>, which it hides here, the result is still a dataset: indexable and batchable.
    /// </summary>
    public Dataset<TOut> Select<TOut>(Func<T, TOut> selector) => new MapDataset<T, TOut>(this, selector);

    /// <summary>
    /// Like <see cref="Select{TOut}(Func{T, TOut})"/> for a random selector (an augmentation): it receives a generator
    /// derived from (<paramref name="seed"/>, epoch, index), so the result is reproducible and independent of worker
    /// count. Without a seed, one is drawn from <see cref="Generator.Default"/> now (so <c>Tensor.ManualSeed</c>
    /// before this call makes a run reproducible, as in PyTorch).
    /// </summary>
    public Dataset<TOut> Select<TOut>(Func<T, Generator, TOut> selector, long? seed = null) =>
        new MapDataset<T, TOut>(this, selector, seed ?? SeedSequence.DrawSeed());

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

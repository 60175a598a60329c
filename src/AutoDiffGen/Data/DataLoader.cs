namespace AutoDiffGen;

/// <summary>
/// Batches a dataset of <c>(input, target)</c> samples into <c>(Tensor Input, Tensor Target)</c> batches, like
/// <c>torch.utils.data.DataLoader</c>:
/// <code>foreach (var (bx, by) in new DataLoader(new TensorDataset(x, y), batchSize: 64, shuffle: true)) { … }</code>
/// Inputs are stacked along a new first dimension; targets too, or, for <c>(Tensor, long)</c> samples (a reader's
/// images after a transform), gathered into an int64 tensor of class indices. See
/// <see cref="DataLoader{TSample, TBatch}"/> for the order, workers, errors and batch memory, and for other sample types.
/// </summary>
public sealed class DataLoader : IReadOnlyCollection<(Tensor Input, Tensor Target)>
{
    private readonly IBatchLoader<(Tensor Input, Tensor Target)> _loader;

    /// <summary>Batches <c>(Tensor, Tensor)</c> samples, e.g. a <see cref="TensorDataset"/>; see <see cref="DataLoader{TSample, TBatch}"/> for the arguments.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> or <paramref name="prefetchFactor"/> is not positive, or <paramref name="workers"/> is negative.</exception>
    public DataLoader(
        Dataset<(Tensor Input, Tensor Target)> dataset,
        int batchSize = 1,
        bool shuffle = false,
        bool dropLast = false,
        long? seed = null,
        int workers = 0,
        int prefetchFactor = 2,
        bool reuseBatches = false)
    {
        var loader = new DataLoader<(Tensor Input, Tensor Target), (Tensor Input, Tensor Target)>(
            dataset, Collate.Pairs, batchSize, shuffle, dropLast, seed, workers, prefetchFactor, reuseBatches);
        (_loader, BatchSize, Shuffle, DropLast, Seed, Workers, ReuseBatches) = (loader, batchSize, shuffle, dropLast, loader.Seed, workers, reuseBatches);
    }

    /// <summary>Batches <c>(Tensor, long)</c> samples: targets become an int64 tensor of shape [batch].</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> or <paramref name="prefetchFactor"/> is not positive, or <paramref name="workers"/> is negative.</exception>
    public DataLoader(
        Dataset<(Tensor Input, long Label)> dataset,
        int batchSize = 1,
        bool shuffle = false,
        bool dropLast = false,
        long? seed = null,
        int workers = 0,
        int prefetchFactor = 2,
        bool reuseBatches = false)
    {
        var loader = new DataLoader<(Tensor Input, long Label), (Tensor Input, Tensor Target)>(
            dataset, Collate.Labeled, batchSize, shuffle, dropLast, seed, workers, prefetchFactor, reuseBatches)
        {
            // Images through ToTensor (+ Normalize), directly or through RandomSplit's subsets: convert each straight
            // into the batch, with no tensor per sample.
            Assemblers = Transforms.ImageBatchAssembler.For(dataset, batchSize),
        };
        (_loader, BatchSize, Shuffle, DropLast, Seed, Workers, ReuseBatches) = (loader, batchSize, shuffle, dropLast, loader.Seed, workers, reuseBatches);
    }

    public int BatchSize { get; }

    /// <summary>Whether batches are written straight from the images (no tensor per sample): for tests.</summary>
    internal bool WritesImagesDirectly => _loader is DataLoader<(Tensor Input, long Label), (Tensor Input, Tensor Target)> { Assemblers: not null };

    public bool Shuffle { get; }

    public bool DropLast { get; }

    /// <summary>The seed of the shuffle (the one given, or the one drawn at construction).</summary>
    public long Seed { get; }

    public int Workers { get; }

    /// <summary>Whether batch tensors reuse the memory of batches two or more steps back; see <see cref="DataLoader{TSample, TBatch}"/>.</summary>
    public bool ReuseBatches { get; }

    /// <summary>The number of batches in an epoch (50,000 samples in batches of 50 → 1000).</summary>
    public int Count => _loader.Count;

    /// <summary>The epoch the next enumeration loads; see <see cref="DataLoader{TSample, TBatch}.Epoch"/>.</summary>
    public int Epoch
    {
        get => _loader.Epoch;
        set => _loader.Epoch = value;
    }

    /// <summary>Starts the next epoch.</summary>
    public IEnumerator<(Tensor Input, Tensor Target)> GetEnumerator() => _loader.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

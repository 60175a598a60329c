namespace AutoDiffGen;

/// <summary>
/// Batches a dataset, like <c>torch.utils.data.DataLoader</c>: each enumeration is one epoch that yields
/// <see cref="Count"/> batches of <see cref="BatchSize"/> samples (the last one smaller unless
/// <see cref="DropLast"/>), made by a collate function. The non-generic <see cref="DataLoader"/> covers the usual
/// <c>(input, target)</c> case.
/// </summary>
/// <remarks>
/// <para>Order: with <see cref="Shuffle"/>, epoch e visits the samples in the e-th <c>RandPerm</c> drawn from
/// <c>new Generator(Seed)</c>, so the order depends only on the seed and the epoch, never on the workers.</para>
/// <para>Workers: 0 loads each batch in the caller's thread when it is asked for. With n &gt; 0, n background
/// threads load whole batches ahead (worker w loads batches w, w + n, …) into bounded queues of
/// <see cref="PrefetchFactor"/> batches each, and the caller receives them in order. A failure surfaces in the
/// caller as a <see cref="DataLoaderException"/> at the batch it belongs to. Leaving the loop early (disposing the
/// enumerator) cancels the workers and waits for them, so no thread outlives the loop. Workers run below normal
/// priority (a higher nice value on Linux): when every core is busy, the training step's threads (its matrix
/// products) go first and the workers fill the time the step leaves idle, instead of slowing every step down.</para>
/// <para>Batch memory: by default every batch is a new tensor that is the caller's to keep, as in PyTorch (a list of
/// batches, a view of one image kept for a plot, all stay valid). With <see cref="ReuseBatches"/>, the batch tensors
/// made by <see cref="Collate.Stack"/> are written into the arrays of earlier batches: the batch from the latest
/// <c>MoveNext</c> and the one before it stay valid, and an older batch (and every view of it) may be overwritten
/// once the loop has moved on, so copy (<c>Clone()</c>) what must outlive two steps. That suits the usual training
/// loop, which lets go of each batch after its step, and saves a large-object-heap allocation per batch (196 KB for
/// 64 MNIST images). Batches still held when the loop ends or is left early are never reused.</para>
/// </remarks>
public sealed class DataLoader<TSample, TBatch> : IBatchLoader<TBatch>
{
    private readonly CollateFunction<TSample, TBatch> _collate;
    private int _epoch;

    /// <param name="dataset">The samples; its indexer must be safe to call from several threads when <paramref name="workers"/> &gt; 0.</param>
    /// <param name="collate">Makes a batch from the samples (see <see cref="Collate"/>).</param>
    /// <param name="batchSize">Samples per batch (PyTorch's <c>batch_size</c>).</param>
    /// <param name="shuffle">Visit the samples in a new random order each epoch.</param>
    /// <param name="dropLast">Skip the last batch when it would be smaller than <paramref name="batchSize"/>.</param>
    /// <param name="seed">Seeds the shuffle; when null, one is drawn from <see cref="Generator.Default"/> now.</param>
    /// <param name="workers">Background threads loading batches ahead (PyTorch's <c>num_workers</c>); 0 loads in the caller's thread.</param>
    /// <param name="prefetchFactor">Batches each worker may hold ready (PyTorch's <c>prefetch_factor</c>).</param>
    /// <param name="reuseBatches">Write batches into the memory of batches two or more steps back (see the remarks); off by default, as PyTorch never reuses a batch.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> or <paramref name="prefetchFactor"/> is not positive, or <paramref name="workers"/> is negative.</exception>
    public DataLoader(
        Dataset<TSample> dataset,
        CollateFunction<TSample, TBatch> collate,
        int batchSize = 1,
        bool shuffle = false,
        bool dropLast = false,
        long? seed = null,
        int workers = 0,
        int prefetchFactor = 2,
        bool reuseBatches = false)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(collate);
        if (batchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(batchSize), batchSize, $"DataLoader: batchSize must be at least 1 (got {batchSize}); it is the number of samples per batch, e.g. 64.");
        }

        if (workers < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(workers), workers, $"DataLoader: workers must be 0 (load in the calling thread) or a number of background threads, got {workers}.");
        }

        if (prefetchFactor <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(prefetchFactor), prefetchFactor, $"DataLoader: prefetchFactor must be at least 1 (got {prefetchFactor}); it is how many batches each worker loads ahead.");
        }

        Dataset = dataset;
        _collate = collate;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        Seed = seed ?? SeedSequence.DrawSeed();
        Workers = workers;
        PrefetchFactor = prefetchFactor;
        ReuseBatches = reuseBatches;

        // Every batch that can be in flight at once: queued per worker, being built by each worker, and the two
        // the caller may still read, plus one for the batch being returned while the next is rented.
        Buffers = reuseBatches ? new BatchBuffers((workers * (prefetchFactor + 1)) + 3) : null;
    }

    public Dataset<TSample> Dataset { get; }

    public int BatchSize { get; }

    public bool Shuffle { get; }

    public bool DropLast { get; }

    /// <summary>The seed of the shuffle (the one given, or the one drawn at construction).</summary>
    public long Seed { get; }

    public int Workers { get; }

    public int PrefetchFactor { get; }

    /// <summary>Whether batch tensors reuse the memory of batches two or more steps back (see the remarks).</summary>
    public bool ReuseBatches { get; }

    /// <summary>The pool of batch arrays when <see cref="ReuseBatches"/>, shared by the epochs.</summary>
    internal BatchBuffers? Buffers { get; }

    /// <summary>
    /// Makes one thread's <see cref="BatchAssembler{TBatch}"/> when the batches can be built without per-sample
    /// tensors (set by <see cref="DataLoader"/> for image datasets it recognises); null reads samples and collates.
    /// </summary>
    internal Func<BatchAssembler<TBatch>>? Assemblers { get; init; }

    /// <summary>The number of batches in an epoch (like <c>len(loader)</c>: 50,000 samples in batches of 50 → 1000).</summary>
    public int Count
    {
        get
        {
            var n = Dataset.Count;
            return (n / BatchSize) + (!DropLast && n % BatchSize != 0 ? 1 : 0);
        }
    }

    /// <summary>
    /// The epoch the next enumeration loads (0 at first); each <see cref="GetEnumerator"/> takes it and adds one.
    /// Set it to resume a run from a checkpoint with the same shuffles and augmentations.
    /// </summary>
    public int Epoch
    {
        get => Volatile.Read(ref _epoch);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _epoch, value);
        }
    }

    /// <summary>Starts the next epoch.</summary>
    public IEnumerator<TBatch> GetEnumerator() => new DataLoaderEnumerator<TSample, TBatch>(this, Interlocked.Increment(ref _epoch) - 1);

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The dataset indices of epoch <paramref name="epoch"/> in visiting order; null means 0, 1, 2, ….</summary>
    internal int[]? Order(int epoch)
    {
        if (!Shuffle)
        {
            return null;
        }

        // Generator.RandPerm(n) uses (n + 1) / 2 blocks of the stream, so epoch e starts where e earlier draws end:
        // the same orders as drawing one permutation per epoch from one generator, but reachable for any epoch.
        var n = Dataset.Count;
        var generator = new Generator(Seed);
        generator.SetState(new GeneratorState(Seed, (ulong)epoch * (ulong)((n + 1) / 2)));
        var permutation = generator.RandPerm(n);
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = (int)permutation[i];
        }

        return order;
    }

    /// <summary>
    /// Reads and collates batch <paramref name="batch"/> through the calling thread's own <paramref name="scratch"/>
    /// (see <see cref="NewScratch"/>; cleared afterwards so it keeps no samples alive); failures come out as
    /// <see cref="DataLoaderException"/>. Returns the batch and, with <see cref="ReuseBatches"/>, the pooled arrays
    /// it was written into.
    /// </summary>
    internal (TBatch Batch, BatchBuffers.Lease? Lease) LoadBatch(int batch, int[]? order, int epoch, Scratch scratch, CancellationToken token)
    {
        var start = batch * BatchSize;
        var count = Math.Min(BatchSize, Dataset.Count - start);
        var samples = scratch.Assembler is null ? scratch.Samples.AsSpan(0, count) : [];
        try
        {
            for (var k = 0; k < count; k++)
            {
                token.ThrowIfCancellationRequested();
                var index = order is null ? start + k : order[start + k];
                try
                {
                    if (scratch.Assembler is { } assembler)
                    {
                        assembler.Read(k, index, epoch);
                    }
                    else
                    {
                        samples[k] = Dataset.Get(index, epoch);
                    }
                }
                catch (Exception e)
                {
                    throw new DataLoaderException(
                        $"DataLoader: reading sample {index} of the dataset (batch {batch}, epoch {epoch}) failed: {e.Message}",
                        e, index, batch, epoch);
                }
            }

            try
            {
                if (Buffers is null)
                {
                    return (Collate(scratch, samples, count), null);
                }

                using var scope = Buffers.Enter();
                return (Collate(scratch, samples, count), scope.Lease);
            }
            catch (Exception e)
            {
                throw new DataLoaderException(
                    $"DataLoader: collating batch {batch} (epoch {epoch}, {count} samples) failed: {e.Message}",
                    e, null, batch, epoch);
            }
        }
        finally
        {
            samples.Clear();
            scratch.Assembler?.Clear();
        }
    }

    /// <summary>What one loading thread reads a batch into.</summary>
    internal Scratch NewScratch() => Assemblers is { } make ? new([], make()) : new(new TSample[BatchSize], null);

    private TBatch Collate(Scratch scratch, ReadOnlySpan<TSample> samples, int count) =>
        scratch.Assembler is { } assembler ? assembler.Collate(count) : _collate(samples);

    /// <summary>A thread's sample buffer, or its assembler when the loader builds batches directly.</summary>
    internal sealed record Scratch(TSample[] Samples, BatchAssembler<TBatch>? Assembler);
}

/// <summary>What the non-generic <see cref="DataLoader"/> forwards to, whatever the sample type.</summary>
internal interface IBatchLoader<TBatch> : IReadOnlyCollection<TBatch>
{
    int Epoch { get; set; }
}

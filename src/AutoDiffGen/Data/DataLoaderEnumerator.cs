namespace AutoDiffGen;

/// <summary>
/// One epoch of a <see cref="DataLoader{TSample, TBatch}"/>: loads batches in the caller's thread, or takes them in
/// order from <see cref="DataLoaderWorkers{TSample, TBatch}"/> started at the first <see cref="MoveNext"/>.
/// </summary>
/// <remarks>
/// The workers hold the pool, never this enumerator, so an enumerator that is dropped without being disposed
/// (a <c>GetEnumerator()</c> used by hand) is still collected, and its finalizer cancels the workers; they are
/// background threads, so they never keep the process alive either.
/// </remarks>
internal sealed class DataLoaderEnumerator<TSample, TBatch> : IEnumerator<TBatch>
{
    private readonly DataLoader<TSample, TBatch> _loader;
    private readonly int _epoch;
    private readonly int[]? _order;
    private readonly int _batches;
    private DataLoaderWorkers<TSample, TBatch>? _workers;
    private DataLoader<TSample, TBatch>.Scratch? _scratch;
    private TBatch _current = default!;

    // With ReuseBatches: the pooled arrays of the current batch and of the one before it, which the caller may still
    // read; the older one goes back to the pool when the caller asks for the next batch.
    private BatchBuffers.Lease? _currentLease;
    private BatchBuffers.Lease? _previousLease;
    private int _next;
    private bool _finished;

    public DataLoaderEnumerator(DataLoader<TSample, TBatch> loader, int epoch)
    {
        _loader = loader;
        _epoch = epoch;
        _order = loader.Order(epoch);
        _batches = loader.Count;
        if (loader.Workers == 0)
        {
            // Only worker threads need the finalizer's safety net.
            GC.SuppressFinalize(this);
        }
    }

    ~DataLoaderEnumerator() => _workers?.Cancel();

    /// <summary>The epoch this enumerator loads.</summary>
    public int Epoch => _epoch;

    /// <summary>The worker threads, once started (for tests that check none outlives the loop).</summary>
    internal IReadOnlyList<Thread> WorkerThreads => _workers?.Threads ?? [];

    public TBatch Current => _current;

    object? System.Collections.IEnumerator.Current => _current;

    public bool MoveNext()
    {
        if (_finished || _next >= _batches)
        {
            Finish();
            return false;
        }

        // Asking for batch b + 2 means the caller has let go of batch b: later batches may be written into it.
        if (_previousLease is not null)
        {
            _loader.Buffers!.Return(_previousLease);
        }

        (_previousLease, _currentLease) = (_currentLease, null);
        try
        {
            if (_loader.Workers == 0)
            {
                _scratch ??= _loader.NewScratch();
                (_current, _currentLease) = _loader.LoadBatch(_next, _order, _epoch, _scratch, CancellationToken.None);
            }
            else
            {
                _workers ??= new DataLoaderWorkers<TSample, TBatch>(_loader, _order, _epoch, _batches);
                (_current, _currentLease) = _workers.Take(_next);
            }
        }
        catch
        {
            Finish();
            throw;
        }

        _next++;
        return true;
    }

    public void Reset() => throw new NotSupportedException("DataLoader: an epoch cannot be restarted; enumerate the loader again for the next epoch.");

    public void Dispose()
    {
        Finish();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Stops and joins the workers (if any) and drops the last batch; the caller may still hold the last two
    /// batches, so their arrays are not returned to the pool.
    /// </summary>
    private void Finish()
    {
        _finished = true;
        _current = default!;
        (_currentLease, _previousLease) = (null, null);
        _workers?.Dispose();
    }
}

using System.Collections.Concurrent;

namespace AutoDiffGen;

/// <summary>
/// The background threads of one epoch: worker w loads batches w, w + n, w + 2n, … into its own bounded queue, so
/// the caller, taking batch b from queue b mod n, receives every batch in order, and at most
/// <c>prefetchFactor</c> finished batches per worker wait in memory.
/// </summary>
internal sealed class DataLoaderWorkers<TSample, TBatch> : IDisposable
{
    private readonly BlockingCollection<Result>[] _queues;
    private readonly Thread[] _threads;
    private readonly CancellationTokenSource _cancel = new();
    private readonly DataLoader<TSample, TBatch> _loader;
    private readonly int[]? _order;
    private readonly int _epoch;
    private readonly int _batches;
    private bool _disposed;

    public DataLoaderWorkers(DataLoader<TSample, TBatch> loader, int[]? order, int epoch, int batches)
    {
        _loader = loader;
        _order = order;
        _epoch = epoch;
        _batches = batches;
        var n = loader.Workers;
        _queues = new BlockingCollection<Result>[n];
        _threads = new Thread[n];
        for (var w = 0; w < n; w++)
        {
            _queues[w] = new BlockingCollection<Result>(new ConcurrentQueue<Result>(), loader.PrefetchFactor);
            var worker = w;
            _threads[w] = new Thread(() => Run(worker)) { IsBackground = true, Name = $"DataLoader worker {w}" };
        }

        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    public IReadOnlyList<Thread> Threads => _threads;

    /// <summary>Batch <paramref name="batch"/>, waiting for its worker if needed; rethrows the worker's failure.</summary>
    public (TBatch Batch, BatchBuffers.Lease? Lease) Take(int batch)
    {
        var result = _queues[batch % _queues.Length].Take();
        return result.Error is null ? (result.Batch, result.Lease) : throw result.Error;
    }

    /// <summary>Asks the workers to stop after the sample they are reading; safe from a finalizer.</summary>
    public void Cancel()
    {
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: the workers were stopped and joined then.
        }
    }

    /// <summary>Cancels the workers and waits until every thread has exited.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _cancel.Cancel();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        foreach (var queue in _queues)
        {
            queue.Dispose();
        }

        _cancel.Dispose();
    }

    private void Run(int worker)
    {
        var token = _cancel.Token;
        var scratch = _loader.NewScratch();
        WorkerPriority.LowerCurrentThread();

        try
        {
            for (var b = worker; b < _batches; b += _threads.Length)
            {
                Result result;
                try
                {
                    var (batch, lease) = _loader.LoadBatch(b, _order, _epoch, scratch, token);
                    result = new Result(batch, lease, null);
                }
                catch (DataLoaderException e)
                {
                    result = new Result(default!, null, e);
                }

                _queues[worker].Add(result, token);
                if (result.Error is not null)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The loop was left early: stop quietly, the caller is no longer waiting for batches.
        }
    }

    private readonly record struct Result(TBatch Batch, BatchBuffers.Lease? Lease, DataLoaderException? Error);
}

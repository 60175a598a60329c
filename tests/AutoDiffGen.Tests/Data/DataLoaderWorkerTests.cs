using System.Runtime.CompilerServices;

namespace AutoDiffGen.Tests.Data;

public class DataLoaderWorkerTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_failing_sample_surfaces_in_the_caller_at_its_batch_with_its_index(int workers)
    {
        var loader = new DataLoader(new ProbeDataset(50, failAt: 23), batchSize: 5, workers: workers);
        var delivered = new List<long[]>();
        var e = Assert.Throws<DataLoaderException>(() =>
        {
            foreach (var batch in loader)
            {
                delivered.Add(batch.Target.ToArray<long>());
            }
        });

        Assert.Equal(23, e.SampleIndex);
        Assert.Equal(4, e.BatchIndex);
        Assert.Equal(0, e.Epoch);
        Assert.Contains("sample 23", e.Message);
        Assert.Contains("probe failure at 23", e.Message);
        var inner = Assert.IsType<InvalidOperationException>(e.InnerException);
        Assert.Contains(nameof(ProbeDataset), inner.StackTrace); // the dataset's own stack trace is kept
        Assert.Equal(4, delivered.Count); // every batch before the failing one arrives first, in order
        Assert.Equal(new long[] { 15, 16, 17, 18, 19 }, delivered[3]);
    }

    [Fact]
    public void Leaving_the_loop_early_stops_and_joins_the_workers()
    {
        const int batchSize = 10, workers = 2, prefetch = 2;
        var dataset = new ProbeDataset(10_000);
        var loader = new DataLoader(dataset, batchSize: batchSize, workers: workers, prefetchFactor: prefetch);
        IReadOnlyList<Thread> threads;
        using (var enumerator = loader.GetEnumerator())
        {
            Assert.True(enumerator.MoveNext());
            Assert.True(enumerator.MoveNext());
            threads = WorkerThreads(enumerator);
            Assert.Equal(workers, threads.Count);
            Assert.All(threads, t => Assert.True(t.IsBackground));
        }

        Assert.All(threads, t => Assert.False(t.IsAlive));

        // Workers ran at most prefetchFactor batches ahead (plus the one each was handing over), not through the epoch.
        Assert.InRange(dataset.Reads, 2 * batchSize, ((workers * (prefetch + 1)) + 2) * batchSize);
    }

    [Fact]
    public void Breaking_out_of_foreach_leaves_no_worker_reading()
    {
        var dataset = new ProbeDataset(5_000);
        var loader = new DataLoader(dataset, batchSize: 5, workers: 3, shuffle: true, seed: 1);
        var seen = 0;
        foreach (var batch in loader)
        {
            DataTestKit.AssertConsistent(batch);
            if (++seen == 3)
            {
                break;
            }
        }

        // Dispose joined the workers, so the count can no longer move; prefetching is bounded.
        var reads = dataset.Reads;
        Assert.InRange(reads, 15, ((3 * 3) + 3) * 5);
        Assert.Equal(reads, dataset.Reads);

        // The loader is reusable: the next epoch runs to the end.
        Assert.Equal(1000, loader.Count());
    }

    [Fact]
    public void An_abandoned_enumerator_stops_its_workers_when_collected()
    {
        var threads = StartAndAbandon(new DataLoader(new ProbeDataset(10_000), batchSize: 10, workers: 2));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // Generous bound: the finalizer has already cancelled them; they only need to wake and exit.
        Assert.All(threads, t => Assert.True(t.Join(TimeSpan.FromSeconds(60))));
    }

    [Fact]
    public void Workers_finish_when_the_epoch_ends()
    {
        var loader = new DataLoader(new ProbeDataset(30), batchSize: 4, workers: 4);
        using var enumerator = loader.GetEnumerator();
        var batches = 0;
        while (enumerator.MoveNext())
        {
            batches++;
        }

        Assert.Equal(8, batches);
        Assert.All(WorkerThreads(enumerator), t => Assert.False(t.IsAlive));
        Assert.False(enumerator.MoveNext());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IReadOnlyList<Thread> StartAndAbandon(DataLoader loader)
    {
        var enumerator = loader.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        return WorkerThreads(enumerator);
    }

    private static IReadOnlyList<Thread> WorkerThreads(IEnumerator<(Tensor Input, Tensor Target)> enumerator) =>
        ((DataLoaderEnumerator<(Tensor Input, long Label), (Tensor Input, Tensor Target)>)enumerator).WorkerThreads;
}

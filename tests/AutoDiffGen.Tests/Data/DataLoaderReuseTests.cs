using AutoDiffGen.Transforms;

namespace AutoDiffGen.Tests.Data;

/// <summary><c>reuseBatches: true</c>: the same batches as fresh ones, written only into memory the caller has let go of.</summary>
public class DataLoaderReuseTests
{
    /// <summary>Grey 28×28 images (an odd number, so the last batch is smaller) with labels i mod 10.</summary>
    internal sealed class Digits(int count) : Dataset<(Image Image, long Label)>
    {
        private int _reads;

        public override int Count => count;

        public int Reads => Volatile.Read(ref _reads);

        public override (Image Image, long Label) this[int index]
        {
            get
            {
                CheckIndex(index);
                Interlocked.Increment(ref _reads);
                return (DataTestKit.PatternImage(28, 28, 1, seed: index), index % 10);
            }
        }
    }

    /// <summary>The MNIST pipeline, which the loader builds batches of directly (no tensor per sample).</summary>
    internal static Dataset<(Tensor Input, long Label)> Pipeline(Dataset<(Image Image, long Label)> images) =>
        images.Select(new Compose<Image>(new ToTensor(), new Normalize([0.1307], [0.3081], inplace: true)));

    private static Dataset<(Tensor Input, long Label)> Pipeline(int count) => Pipeline(new Digits(count));

    /// <summary>The same samples through a plain selector: per-sample tensors, stacked by Collate.Labeled.</summary>
    private static Dataset<(Tensor Input, long Label)> StepByStep(int count) =>
        new Digits(count).Select(s => (new Normalize([0.1307], [0.3081]).Apply(new ToTensor().Apply(s.Image)), s.Label));

    /// <summary>The bits of every input and every label of two epochs, copied as soon as each batch arrives.</summary>
    private static List<(int[] Input, long[] Labels)> TwoEpochs(Dataset<(Tensor Input, long Label)> data, int workers, bool reuse)
    {
        var loader = new DataLoader(data, batchSize: 16, shuffle: true, seed: 5, workers: workers, reuseBatches: reuse);
        return [.. loader.Concat(loader).Select(b => (Bits(b.Input), b.Target.ToArray<long>()))];
    }

    private static int[] Bits(Tensor t) => [.. t.ToArray<float>().Select(BitConverter.SingleToInt32Bits)];

    [Fact]
    public void Reused_and_directly_written_batches_are_bit_identical_to_stacked_ones_for_0_1_and_2_workers()
    {
        Assert.IsType<ImageTensorDataset<long>>(Pipeline(203)); // the loader writes these batches directly
        var reference = TwoEpochs(StepByStep(203), workers: 0, reuse: false);
        Assert.Equal(26, reference.Count); // 13 batches per epoch, the last of 11 samples
        Assert.Equal(11, reference[12].Labels.Length);
        Assert.NotEqual(reference[0].Labels, reference[13].Labels); // a new shuffle in the second epoch
        foreach (var workers in new[] { 0, 1, 2 })
        {
            foreach (var (data, reuse) in new[] { (StepByStep(203), true), (Pipeline(203), false), (Pipeline(203), true) })
            {
                var batches = TwoEpochs(data, workers, reuse);
                Assert.Equal(reference.Count, batches.Count);
                for (var b = 0; b < reference.Count; b++)
                {
                    Assert.Equal(reference[b].Labels, batches[b].Labels);
                    Assert.Equal(reference[b].Input, batches[b].Input);
                }
            }
        }
    }

    [Fact]
    public void RandomSplit_subsets_of_the_pipeline_are_written_directly_and_bit_identically()
    {
        // mnist.Select(ToTensor, Normalize).RandomSplit(...) as in the tutorials, and a subset of a subset.
        var direct = Dataset.RandomSplit(Pipeline(203), [150, 53], seed: 9);
        var stacked = Dataset.RandomSplit(StepByStep(203), [150, 53], seed: 9);
        var nestedDirect = new Subset<(Tensor Input, long Label)>(direct[0], [.. Enumerable.Range(0, 40).Select(i => (i * 7) % 150)]);
        var nestedStacked = new Subset<(Tensor Input, long Label)>(stacked[0], [.. Enumerable.Range(0, 40).Select(i => (i * 7) % 150)]);
        foreach (var (a, b) in new[] { (direct[0], stacked[0]), (direct[1], stacked[1]), (nestedDirect, nestedStacked) })
        {
            Assert.True(new DataLoader(a, batchSize: 16).WritesImagesDirectly);
            Assert.False(new DataLoader(b, batchSize: 16).WritesImagesDirectly);
            foreach (var workers in new[] { 0, 2 })
            {
                var expected = TwoEpochs(b, workers: 0, reuse: false);
                var batches = TwoEpochs(a, workers, reuse: workers == 2);
                Assert.Equal(expected.Count, batches.Count);
                for (var k = 0; k < expected.Count; k++)
                {
                    Assert.Equal(expected[k].Labels, batches[k].Labels);
                    Assert.Equal(expected[k].Input, batches[k].Input);
                }
            }
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    public void The_current_and_previous_batch_stay_intact_while_workers_run_ahead(int workers, bool direct)
    {
        const int prefetch = 2, batchSize = 8, count = 30 * batchSize;
        var digits = new Digits(count);
        var collated = 0;
        IEnumerable<(Tensor Input, Tensor Target)> loader = direct
            ? new DataLoader(Pipeline(digits), batchSize: batchSize, shuffle: true, seed: 3, workers: workers, prefetchFactor: prefetch, reuseBatches: true)
            : new DataLoader<(Tensor Input, long Label), (Tensor Input, Tensor Target)>(
                Pipeline(digits),
                samples =>
                {
                    var batch = Collate.Labeled(samples);
                    Interlocked.Increment(ref collated);
                    return batch;
                },
                batchSize: batchSize,
                shuffle: true,
                seed: 3,
                workers: workers,
                prefetchFactor: prefetch,
                reuseBatches: true);

        var arrays = new List<Array>();
        (Tensor Input, int[] Bits)? previous = null;
        var b = 0;
        foreach (var (input, _) in loader)
        {
            var current = (input, Bits(input));

            // Let the workers fill every queue: whatever they may write has been written before we look. A worker
            // reads a batch only after collating its previous one, so reads one batch per worker further on tell
            // the same for the direct path, which has no collate function to count.
            var ahead = Math.Min(30, b + 1 + (workers * prefetch));
            Assert.True(SpinWait.SpinUntil(
                () => direct ? digits.Reads >= Math.Min(count, (ahead + workers) * batchSize) : Volatile.Read(ref collated) >= ahead,
                TimeSpan.FromSeconds(60)));

            Assert.Equal(current.Item2, Bits(current.input));
            if (previous is { } p)
            {
                Assert.Equal(p.Bits, Bits(p.Input));
                Assert.NotSame(p.Input._data, input._data);
            }

            arrays.Add(input._data);
            previous = current;
            b++;
        }

        // Memory really was reused (so the checks above could have failed): far fewer arrays than batches.
        var distinct = arrays.Distinct(ReferenceEqualityComparer.Instance).Count();
        Assert.Equal(30, arrays.Count);
        Assert.InRange(distinct, 2, (workers * (prefetch + 1)) + 4);
    }

    [Fact]
    public void Without_reuse_every_batch_has_its_own_memory()
    {
        var loader = new DataLoader(Pipeline(64), batchSize: 8, workers: 2);
        var batches = loader.ToList(); // PyTorch's list(loader): every batch stays valid
        Assert.Equal(8, batches.Select(b => b.Input._data).Distinct(ReferenceEqualityComparer.Instance).Count());
        var expected = Pipeline(64)[63].Input.ToArray<float>();
        Assert.Equal(expected, batches[7].Input[7].ToArray<float>());
        Assert.Equal(Pipeline(64)[0].Input.ToArray<float>(), batches[0].Input[0].ToArray<float>());
    }

    [Fact]
    public void Batches_held_when_a_loop_is_left_are_never_reused_by_the_next_epoch()
    {
        var loader = new DataLoader(Pipeline(160), batchSize: 8, workers: 2, reuseBatches: true);
        var first = loader.First(); // leaves the epoch after one batch
        var kept = Bits(first.Input);
        Tensor last = null!, beforeLast = null!;
        foreach (var (input, _) in loader)
        {
            (beforeLast, last) = (last, input);
        }

        Assert.Equal(kept, Bits(first.Input));
        Assert.Equal(Pipeline(160)[159].Input.ToArray<float>(), last[7].ToArray<float>());
        Assert.Equal(Pipeline(160)[151].Input.ToArray<float>(), beforeLast[7].ToArray<float>());
    }

    [Fact]
    public void Disposing_mid_epoch_with_reuse_stops_and_joins_the_workers()
    {
        var dataset = new ProbeDataset(10_000);
        var loader = new DataLoader(dataset, batchSize: 10, workers: 2, reuseBatches: true);
        IReadOnlyList<Thread> threads;
        using (var enumerator = loader.GetEnumerator())
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.True(enumerator.MoveNext());
                DataTestKit.AssertConsistent(enumerator.Current);
            }

            threads = ((DataLoaderEnumerator<(Tensor Input, long Label), (Tensor Input, Tensor Target)>)enumerator).WorkerThreads;
            Assert.Equal(2, threads.Count);
        }

        Assert.All(threads, t => Assert.False(t.IsAlive));
        var reads = dataset.Reads;
        Assert.InRange(reads, 50, ((2 * 3) + 5) * 10); // bounded prefetching, not the whole epoch
        Assert.Equal(reads, dataset.Reads);
    }

    [Fact]
    public void Collate_outside_a_loader_returns_new_tensors()
    {
        var samples = new[] { Tensor.Zeros(32, 32), Tensor.Ones(32, 32) }; // 8 KB batches: large enough to be pooled in a loader
        var a = Collate.Stack(samples);
        var b = Collate.Stack(samples);
        Assert.NotSame(a._data, b._data);
        Assert.Equal(1f, a[1, 5, 5].Item<float>());
    }
}

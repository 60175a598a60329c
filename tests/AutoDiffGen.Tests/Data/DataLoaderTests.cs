namespace AutoDiffGen.Tests.Data;

public class DataLoaderTests
{
    [Theory]
    [InlineData(50_000, 50, false, 1000)] // CIFAR-10's training set in batches of 50
    [InlineData(100, 12, false, 9)]       // the last batch holds 4
    [InlineData(100, 12, true, 8)]
    [InlineData(96, 12, true, 8)]
    [InlineData(5, 64, false, 1)]
    [InlineData(5, 64, true, 0)]
    [InlineData(0, 4, false, 0)]
    public void Count_is_the_number_of_batches(int samples, int batchSize, bool dropLast, int expected)
    {
        var loader = new DataLoader(new TensorDataset(Tensor.Zeros(samples, 1), Tensor.Zeros(samples)), batchSize: batchSize, dropLast: dropLast);
        Assert.Equal(expected, loader.Count);
        if (samples <= 100)
        {
            Assert.Equal(expected, loader.Count());
        }
    }

    [Fact]
    public void Batches_stack_rows_in_order_and_the_last_one_is_smaller_unless_dropped()
    {
        var x = Tensor.Arange(30).To(DType.Float32).View(10, 3);
        var y = Tensor.Arange(10).To(DType.Float64).Mul(10);
        var batches = new DataLoader(new TensorDataset(x, y), batchSize: 4).ToList();
        Assert.Equal([4, 4, 2], batches.Select(b => b.Input.Size(0)));
        Assert.Equal([4, 3], batches[0].Input.Shape.ToArray());
        Assert.Equal(DType.Float32, batches[0].Input.DType);
        Assert.Equal(DType.Float64, batches[0].Target.DType);
        Assert.Equal(Enumerable.Range(12, 12).Select(v => (float)v), batches[1].Input.ToArray<float>());
        Assert.Equal(new double[] { 80, 90 }, batches[2].Target.ToArray<double>());

        var dropped = new DataLoader(new TensorDataset(x, y), batchSize: 4, dropLast: true).ToList();
        Assert.Equal(2, dropped.Count);
        Assert.All(dropped, b => Assert.Equal(4, b.Input.Size(0)));
    }

    [Fact]
    public void The_design_contract_deconstructs_batches_in_foreach()
    {
        var x = Tensor.Rand([130, 5], DType.Float32, new Generator(1));
        var y = Tensor.RandInt(3, [130], new Generator(2));
        var seen = 0;
        foreach (var (bx, by) in new DataLoader(new TensorDataset(x, y), batchSize: 64, shuffle: true))
        {
            Assert.Equal(bx.Size(0), by.Size(0));
            Assert.Equal(5, bx.Size(1));
            Assert.Equal(DType.Int64, by.DType);
            seen += bx.Size(0);
        }

        Assert.Equal(130, seen);
    }

    [Fact]
    public void Labeled_samples_collate_into_an_int64_label_tensor()
    {
        var batch = new DataLoader(new ProbeDataset(7), batchSize: 5).First();
        Assert.Equal(DType.Int64, batch.Target.DType);
        Assert.Equal([5], batch.Target.Shape.ToArray());
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, batch.Target.ToArray<long>());
        DataTestKit.AssertConsistent(batch);
    }

    [Fact]
    public void Strided_samples_are_copied_by_value()
    {
        // Transposed images: each sample is a non-contiguous view.
        var images = Tensor.Arange(2 * 3 * 4).To(DType.Float32).View(2, 3, 4);
        var samples = new[] { images[0].T, images[1].T };
        var batch = Collate.Stack(samples);
        Assert.Equal([2, 4, 3], batch.Shape.ToArray());
        Assert.Equal(Tensor.Stack(samples).ToArray<float>(), batch.ToArray<float>());
        Assert.Equal(new[] { 0f, 4, 8, 1 }, batch.ToArray<float>()[..4]);
    }

    [Fact]
    public void Samples_of_different_shapes_fail_with_the_batch_named()
    {
        var ds = new ProbeDataset(4).Select(s => (s.Label == 2 ? Tensor.Zeros(3) : s.Input, s.Label));
        var e = Assert.Throws<DataLoaderException>(() => new DataLoader(ds, batchSize: 2).ToList());
        Assert.Contains("collating batch 1", e.Message);
        Assert.Null(e.SampleIndex);
        Assert.Equal(1, e.BatchIndex);
        var inner = Assert.IsType<TensorShapeException>(e.InnerException);
        Assert.Contains("[3]", inner.Message);
    }

    [Theory]
    [InlineData(0, 0, "batchSize")]
    [InlineData(-3, 0, "batchSize")]
    [InlineData(4, -1, "workers")]
    public void Bad_arguments_say_what_to_pass(int batchSize, int workers, string parameter)
    {
        var ds = new TensorDataset(Tensor.Zeros(4, 1), Tensor.Zeros(4));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(ds, batchSize: batchSize, workers: workers));
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains($"{parameter} must be", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(ds, prefetchFactor: 0));
    }

    [Fact]
    public void Shuffled_epochs_are_permutations_and_differ_between_epochs()
    {
        var loader = new DataLoader(new ProbeDataset(100), batchSize: 16, shuffle: true, seed: 5);
        var first = DataTestKit.Epoch(loader).SelectMany(b => b).ToArray();
        var second = DataTestKit.Epoch(loader).SelectMany(b => b).ToArray();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), first.Order());
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), second.Order());
        Assert.NotEqual(Enumerable.Range(0, 100).Select(i => (long)i), first);
        Assert.NotEqual(first, second);
        Assert.Equal(2, loader.Epoch);
    }

    [Fact]
    public void Epoch_e_visits_the_eth_permutation_drawn_from_the_seed()
    {
        var loader = new DataLoader(new ProbeDataset(37), batchSize: 10, shuffle: true, seed: 11);
        var generator = new Generator(11);
        for (var epoch = 0; epoch < 3; epoch++)
        {
            var expected = Tensor.RandPerm(37, generator).ToArray<long>();
            Assert.Equal(expected, DataTestKit.Epoch(loader).SelectMany(b => b));
        }

        // Resuming at epoch 1 (e.g. from a checkpoint) replays epoch 1's order.
        var resumed = new DataLoader(new ProbeDataset(37), batchSize: 10, shuffle: true, seed: 11) { Epoch = 1 };
        generator = new Generator(11);
        _ = Tensor.RandPerm(37, generator);
        Assert.Equal(Tensor.RandPerm(37, generator).ToArray<long>(), DataTestKit.Epoch(resumed).SelectMany(b => b));
    }

    [Fact]
    public void The_seed_given_is_the_seed_used()
    {
        var loader = new DataLoader(new ProbeDataset(3), shuffle: true, seed: 77);
        Assert.Equal(77, loader.Seed);
        Assert.Equal(Tensor.RandPerm(3, new Generator(77)).ToArray<long>(), DataTestKit.Epoch(loader).SelectMany(b => b));
    }

    [Fact]
    public void Batches_are_the_same_for_any_number_of_workers()
    {
        var reference = DataTestKit.Epoch(new DataLoader(new ProbeDataset(203), batchSize: 8, shuffle: true, seed: 3));
        foreach (var workers in new[] { 1, 2, 4 })
        {
            var loader = new DataLoader(new ProbeDataset(203), batchSize: 8, shuffle: true, seed: 3, workers: workers);
            var batches = loader.ToList();
            Assert.Equal(reference, batches.Select(b => b.Target.ToArray<long>()));
            Assert.All(batches, DataTestKit.AssertConsistent);
        }
    }

    [Fact]
    public void Generic_loader_takes_any_collate_function()
    {
        var loader = new DataLoader<(Tensor Input, long Label), long>(
            new ProbeDataset(10), samples => samples.ToArray().Sum(s => s.Label), batchSize: 3, workers: 2);
        Assert.Equal(4, loader.Count);
        Assert.Equal(new long[] { 3, 12, 21, 9 }, loader.ToArray());
    }
}

namespace AutoDiffGen.Tests.Data;

public class DatasetTests
{
    [Fact]
    public void TensorDataset_sample_i_is_row_i_of_both_tensors_as_views()
    {
        var x = Tensor.Arange(12).To(DType.Float32).View(4, 3);
        var y = Tensor.FromArray(new long[] { 7, 8, 9, 10 });
        var ds = new TensorDataset(x, y);
        Assert.Equal(4, ds.Count);
        var (input, target) = ds[2];
        Assert.Equal(new float[] { 6, 7, 8 }, input.ToArray<float>());
        Assert.Equal(9L, target.Item<long>());
        Assert.Equal(0, target.Dim);
        Assert.Equal(6, input.StorageOffset); // a view of x's storage, not a copy
        Assert.Equal(4, ds.Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => ds[4]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ds[-1]);
    }

    [Fact]
    public void TensorDataset_rejects_tensors_with_different_sample_counts()
    {
        var e = Assert.Throws<TensorShapeException>(() => new TensorDataset(Tensor.Zeros(5, 2), Tensor.Zeros(4)));
        Assert.Contains("5", e.Message);
        Assert.Contains("4", e.Message);
        Assert.Contains("dimension 0", e.Message);
        Assert.Throws<TensorShapeException>(() => new TensorDataset(Tensor.Scalar(1.0), Tensor.Zeros(1)));
    }

    [Fact]
    public void Subset_maps_indices_and_checks_them()
    {
        var ds = new ProbeDataset(10);
        var subset = new Subset<(Tensor Input, long Label)>(ds, [9, 0, 4]);
        Assert.Equal(3, subset.Count);
        Assert.Equal(new long[] { 9, 0, 4 }, subset.Select(s => s.Label));
        Assert.Equal([9, 0, 4], subset.Indices);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Subset<(Tensor, long)>(ds, [1, 10]));
        Assert.Contains("indices[1] = 10", e.Message);
    }

    [Fact]
    public void RandomSplit_by_lengths_cuts_one_seeded_permutation_in_order()
    {
        var ds = new ProbeDataset(10);
        var parts = Dataset.RandomSplit(ds, [3, 7], seed: 42);
        var permutation = Tensor.RandPerm(10, new Generator(42)).ToArray<long>();
        Assert.Equal(permutation[..3], parts[0].Select(s => s.Label));
        Assert.Equal(permutation[3..], parts[1].Select(s => s.Label));

        var again = Dataset.RandomSplit(ds, [3, 7], seed: 42);
        Assert.Equal(parts[0].Indices, again[0].Indices);
        Assert.NotEqual(parts[0].Indices, Dataset.RandomSplit(ds, [3, 7], seed: 43)[0].Indices);
    }

    [Fact]
    public void RandomSplit_subsets_are_disjoint_and_cover_the_dataset()
    {
        var parts = Dataset.RandomSplit(new ProbeDataset(1000), [0.7, 0.2, 0.1], seed: 1);
        Assert.Equal([700, 200, 100], parts.Select(p => p.Count));
        var all = parts.SelectMany(p => p.Indices).ToArray();
        Assert.Equal(Enumerable.Range(0, 1000), all.Order());
    }

    [Theory]
    [InlineData(10, new[] { 0.3, 0.3, 0.4 }, new[] { 3, 3, 4 })]
    [InlineData(10, new[] { 0.33, 0.33, 0.34 }, new[] { 4, 3, 3 })] // floors 3, 3, 3; the remainder goes to the first
    [InlineData(7, new[] { 0.5, 0.5 }, new[] { 4, 3 })]
    [InlineData(5, new[] { 0.25, 0.25, 0.25, 0.25 }, new[] { 2, 1, 1, 1 })]
    [InlineData(3, new[] { 1.0, 0.0 }, new[] { 3, 0 })]
    public void RandomSplit_rounds_fractions_as_pytorch_does(int count, double[] fractions, int[] expected)
    {
        Assert.Equal(expected, Dataset.SplitLengths(count, fractions));
        Assert.Equal(expected, Dataset.RandomSplit(new ProbeDataset(count), fractions, seed: 0).Select(p => p.Count));
    }

    [Fact]
    public void RandomSplit_reports_lengths_or_fractions_that_do_not_fit()
    {
        var ds = new ProbeDataset(10);
        Assert.Contains("add up to 9", Assert.Throws<ArgumentException>(() => Dataset.RandomSplit(ds, [4, 5], seed: 0)).Message);
        Assert.Throws<ArgumentException>(() => Dataset.RandomSplit(ds, [11, -1], seed: 0));
        Assert.Contains("not 1", Assert.Throws<ArgumentException>(() => Dataset.RandomSplit(ds, [0.5, 0.4], seed: 0)).Message);
        Assert.Contains("index 1", Assert.Throws<ArgumentException>(() => Dataset.RandomSplit(ds, [0.5, -0.5, 1.0], seed: 0)).Message);
    }

    [Fact]
    public void Select_maps_samples_when_read()
    {
        var ds = new ProbeDataset(5);
        var mapped = ds.Select(s => (s.Input * 2, s.Label + 100));
        Assert.Equal(0, ds.Reads);
        Assert.Equal(5, mapped.Count);
        var (input, label) = mapped[3];
        Assert.Equal(new[] { 6f, 7f }, input.ToArray<float>());
        Assert.Equal(103, label);
        Assert.Equal(1, ds.Reads);
    }

    [Fact]
    public void Random_Select_draws_from_a_generator_fixed_by_seed_epoch_and_index()
    {
        var ds = new ProbeDataset(50).Select((s, g) => Tensor.Rand([1], DType.Float64, g).Item<double>(), seed: 9);
        var same = new ProbeDataset(50).Select((s, g) => Tensor.Rand([1], DType.Float64, g).Item<double>(), seed: 9);
        var epoch0 = Enumerable.Range(0, 50).Select(i => ds.Get(i, 0)).ToArray();
        Assert.Equal(epoch0, Enumerable.Range(0, 50).Select(i => same[i]));            // the indexer is epoch 0
        Assert.Equal(Enumerable.Reverse(epoch0), Enumerable.Range(0, 50).Reverse().Select(i => ds.Get(i, 0))); // order-free
        var epoch1 = Enumerable.Range(0, 50).Select(i => ds.Get(i, 1)).ToArray();
        Assert.All(epoch0.Zip(epoch1), p => Assert.NotEqual(p.First, p.Second));
        Assert.Equal(50, epoch0.Distinct().Count());
        var otherSeed = new ProbeDataset(50).Select((s, g) => Tensor.Rand([1], DType.Float64, g).Item<double>(), seed: 10);
        Assert.NotEqual(epoch0, Enumerable.Range(0, 50).Select(i => otherSeed[i]));
    }
}

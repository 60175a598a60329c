namespace AutoDiffGen;

/// <summary>Operations on datasets as a whole (like the functions of <c>torch.utils.data</c>).</summary>
public static class Dataset
{
    /// <summary>
    /// Splits <paramref name="dataset"/> into non-overlapping random subsets of the given lengths, like
    /// <c>torch.utils.data.random_split(dataset, [800, 200], generator=torch.Generator().manual_seed(seed))</c>: one
    /// <c>RandPerm</c> of the whole dataset from a generator seeded with <paramref name="seed"/>, cut in order. The
    /// same seed gives the same split in every run.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths are negative or do not add up to the dataset's size.</exception>
    public static Subset<T>[] RandomSplit<T>(Dataset<T> dataset, int[] lengths, long seed) =>
        RandomSplit(dataset, lengths, new Generator(seed));

    /// <summary>
    /// Splits by fractions that add up to 1 (e.g. <c>[0.8, 0.2]</c>), rounded as PyTorch does: each split gets
    /// floor(count × fraction) samples and the remainder goes one by one to the splits in order.
    /// </summary>
    /// <exception cref="ArgumentException">A fraction is outside [0, 1] or they do not add up to 1.</exception>
    public static Subset<T>[] RandomSplit<T>(Dataset<T> dataset, double[] fractions, long seed) =>
        RandomSplit(dataset, fractions, new Generator(seed));

    /// <summary>Splits by lengths, drawing the permutation from <paramref name="generator"/> (default: <see cref="Generator.Default"/>).</summary>
    public static Subset<T>[] RandomSplit<T>(Dataset<T> dataset, int[] lengths, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(lengths);
        long total = 0;
        for (var i = 0; i < lengths.Length; i++)
        {
            if (lengths[i] < 0)
            {
                throw new ArgumentException($"RandomSplit: lengths[{i}] = {lengths[i]} is negative.", nameof(lengths));
            }

            total += lengths[i];
        }

        if (total != dataset.Count)
        {
            throw new ArgumentException(
                $"RandomSplit: the lengths [{string.Join(", ", lengths)}] add up to {total}, but the dataset has " +
                $"{dataset.Count} samples; give lengths that add up to {dataset.Count}, or fractions that add up to 1.",
                nameof(lengths));
        }

        var permutation = (generator ?? Generator.Default).RandPerm(dataset.Count);
        var subsets = new Subset<T>[lengths.Length];
        var offset = 0;
        for (var s = 0; s < lengths.Length; s++)
        {
            var indices = new int[lengths[s]];
            for (var k = 0; k < indices.Length; k++)
            {
                indices[k] = (int)permutation[offset + k];
            }

            offset += indices.Length;
            subsets[s] = new Subset<T>(dataset, indices);
        }

        return subsets;
    }

    /// <summary>Splits by fractions, drawing the permutation from <paramref name="generator"/> (default: <see cref="Generator.Default"/>).</summary>
    public static Subset<T>[] RandomSplit<T>(Dataset<T> dataset, double[] fractions, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return RandomSplit(dataset, SplitLengths(dataset.Count, fractions), generator);
    }

    /// <summary>PyTorch's rounding of fractions to lengths (<c>random_split</c>): floors, then the remainder round-robin.</summary>
    internal static int[] SplitLengths(int count, double[] fractions)
    {
        ArgumentNullException.ThrowIfNull(fractions);
        if (fractions.Length == 0)
        {
            throw new ArgumentException("RandomSplit: give at least one fraction.", nameof(fractions));
        }

        var sum = 0.0;
        var lengths = new int[fractions.Length];
        for (var i = 0; i < fractions.Length; i++)
        {
            var f = fractions[i];
            if (!(f >= 0 && f <= 1))
            {
                throw new ArgumentException($"RandomSplit: fraction at index {i} ({f}) is not between 0 and 1.", nameof(fractions));
            }

            sum += f;
            lengths[i] = (int)Math.Floor(count * f);
        }

        // math.isclose(sum, 1) with its default relative tolerance, and not above 1, as random_split checks.
        if (!(Math.Abs(sum - 1) <= 1e-9 * Math.Max(Math.Abs(sum), 1) && sum <= 1))
        {
            throw new ArgumentException(
                $"RandomSplit: the fractions [{string.Join(", ", fractions)}] add up to {sum}, not 1.", nameof(fractions));
        }

        var remainder = count - lengths.Sum();
        for (var i = 0; i < remainder; i++)
        {
            lengths[i % lengths.Length]++;
        }

        return lengths;
    }
}

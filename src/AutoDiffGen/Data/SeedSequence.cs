namespace AutoDiffGen;

/// <summary>
/// Derives independent seeds for sub-streams (a sample's augmentation in an epoch) from one user seed with
/// SplitMix64 finalisers, so each (seed, epoch, index) gets its own Philox key: no stream overlaps another, however
/// many values a transform draws, and no position depends on which thread read the sample first.
/// </summary>
internal static class SeedSequence
{
    /// <summary>The seed of the stream for (<paramref name="seed"/>, <paramref name="a"/>, <paramref name="b"/>).</summary>
    public static long Derive(long seed, long a, long b)
    {
        var h = Mix((ulong)seed ^ 0x5851F42D4C957F2DUL);
        h = Mix(h ^ (ulong)a);
        return (long)Mix(h ^ (ulong)b);
    }

    /// <summary>A fresh seed from <see cref="Generator.Default"/> (reproducible after <c>Tensor.ManualSeed</c>).</summary>
    public static long DrawSeed()
    {
        Span<long> value = stackalloc long[1];
        Generator.Default.FillRandInt(value, 0, long.MaxValue);
        return value[0];
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

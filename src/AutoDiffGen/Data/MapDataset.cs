namespace AutoDiffGen;

/// <summary>
/// A dataset whose samples are another dataset's samples passed through a function when read: how transforms
/// reach a reader's <c>(Image Image, long Label)</c> samples (see <see cref="Dataset{T}.Select{TOut}(Func{T, TOut})"/>
/// and the <c>Select(transform)</c> extension in <c>AutoDiffGen.Transforms</c>). Nothing is cached: each read
/// recomputes, so random augmentations differ per epoch.
/// </summary>
public sealed class MapDataset<TIn, TOut> : Dataset<TOut>
{
    private readonly Dataset<TIn> _source;
    private readonly Func<TIn, TOut>? _map;
    private readonly Func<TIn, Generator, TOut>? _randomMap;
    private readonly long _seed;

    /// <summary>A deterministic map: sample i is <paramref name="map"/>(source[i]).</summary>
    public MapDataset(Dataset<TIn> source, Func<TIn, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(map);
        _source = source;
        _map = map;
    }

    /// <summary>
    /// A random map: sample i in epoch e is <paramref name="map"/>(source[i], g) where g is a fresh
    /// <see cref="Generator"/> seeded from (<paramref name="seed"/>, e, i).
    /// </summary>
    public MapDataset(Dataset<TIn> source, Func<TIn, Generator, TOut> map, long seed)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(map);
        _source = source;
        _randomMap = map;
        _seed = seed;
    }

    /// <summary>The dataset whose samples are mapped.</summary>
    public Dataset<TIn> Source => _source;

    public override int Count => _source.Count;

    public override TOut this[int index] => Get(index, 0);

    public override TOut Get(int index, int epoch)
    {
        CheckIndex(index);
        var sample = _source.Get(index, epoch);
        return _map is not null
            ? _map(sample)
            : _randomMap!(sample, new Generator(SeedSequence.Derive(_seed, epoch, index)));
    }
}

namespace AutoDiffGen;

/// <summary>
/// One entry of a tensor indexer: an integer (<c>x[0]</c>, <c>x[^1]</c>), a C# range (<c>x[1..]</c>,
/// <c>x[..^1]</c>, <c>x[..]</c>), <see cref="Ellipsis"/> (<c>x[TensorIndex.Ellipsis, 0]</c>, Python's <c>...</c>),
/// <see cref="NewAxis"/> (Python's <c>None</c>), or a stepped <see cref="Slice"/>. Ints, <see cref="Index"/> and
/// <see cref="Range"/> convert implicitly, so <c>x[.., 1]</c> reads like Python's <c>x[:, 1]</c>.
/// </summary>
public readonly struct TensorIndex
{
    internal enum IndexKind
    {
        Single,
        Slice,
        Ellipsis,
        NewAxis,
    }

    private TensorIndex(IndexKind kind, Index index = default, int? start = null, int? end = null, int step = 1)
    {
        Kind = kind;
        Single = index;
        Start = start;
        End = end;
        Step = step;
    }

    internal IndexKind Kind { get; }

    internal Index Single { get; }

    internal int? Start { get; }

    internal int? End { get; }

    internal int Step { get; }

    /// <summary>Python's <c>...</c>: as many full slices as needed to index the remaining dims.</summary>
    public static TensorIndex Ellipsis { get; } = new(IndexKind.Ellipsis);

    /// <summary>Python's <c>None</c>: inserts a new dim of size 1.</summary>
    public static TensorIndex NewAxis { get; } = new(IndexKind.NewAxis);

    /// <summary>Python's <c>start:end:step</c>; null bounds mean the ends of the dim, negative bounds count from the end.</summary>
    public static TensorIndex Slice(int? start = null, int? end = null, int step = 1) =>
        step <= 0
            ? throw new ArgumentOutOfRangeException(nameof(step), step, "Slice: step must be greater than zero.")
            : new(IndexKind.Slice, start: start, end: end, step: step);

    /// <summary>An integer index; negative values count from the end, as in Python.</summary>
    public static implicit operator TensorIndex(int index) => new(IndexKind.Single, index < 0 ? ^(-index) : index);

    public static implicit operator TensorIndex(Index index) => new(IndexKind.Single, index);

    public static implicit operator TensorIndex(Range range) => new(
        IndexKind.Slice,
        start: range.Start.IsFromEnd ? -range.Start.Value : range.Start.Value,
        end: range.End.IsFromEnd ? (range.End.Value == 0 ? null : -range.End.Value) : range.End.Value);

    public static TensorIndex FromInt32(int index) => index;

    public static TensorIndex FromIndex(Index index) => index;

    public static TensorIndex FromRange(Range range) => range;
}

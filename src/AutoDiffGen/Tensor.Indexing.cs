using System.Runtime.CompilerServices;

namespace AutoDiffGen;

/// <summary>
/// Indexers with Python's meaning: <c>x[0]</c>, <c>x[0, 0]</c>, <c>x[.., 0]</c>, <c>x[.., .., 1]</c>, <c>h[..^1]</c>,
/// <c>h[1..]</c>. Results are views; assigning to an indexer copies into the selected elements.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>The slice at <paramref name="index"/> of the first dim (like <c>x[0]</c>); negative counts from the end.</summary>
    // The indexers are named "At" in metadata because the default name, Item, is taken by Item<T>().
    [IndexerName("At")]
    public Tensor this[int index]
    {
        get => Select(0, index);
        set => Select(0, index).CopyFrom(value);
    }

    /// <summary>Element or slice <c>x[i, j]</c>.</summary>
    [IndexerName("At")]
    public Tensor this[int i, int j]
    {
        get => Dim < 2 ? throw TooManyIndices(2) : Select(0, i).Select(0, j);
        set => this[(TensorIndex)i, (TensorIndex)j].CopyFrom(value);
    }

    /// <summary>Any mix of ints, <see cref="Index"/>, <see cref="Range"/>, Ellipsis, NewAxis and slices.</summary>
    [IndexerName("At")]
    public Tensor this[params TensorIndex[] indices]
    {
        get => ApplyIndices(indices);
        set => ApplyIndices(indices).CopyFrom(value);
    }

    private Tensor ApplyIndices(TensorIndex[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var consuming = 0;
        var ellipses = 0;
        foreach (var ix in indices)
        {
            if (ix.Kind is TensorIndex.IndexKind.Single or TensorIndex.IndexKind.Slice)
            {
                consuming++;
            }
            else if (ix.Kind == TensorIndex.IndexKind.Ellipsis)
            {
                ellipses++;
            }
        }

        if (ellipses > 1)
        {
            throw new ArgumentException("Index: an index can only have a single ellipsis.", nameof(indices));
        }

        if (consuming > Dim)
        {
            throw TooManyIndices(consuming);
        }

        var x = this;
        var dim = 0;
        foreach (var ix in indices)
        {
            switch (ix.Kind)
            {
                case TensorIndex.IndexKind.Single:
                    var size = x._shape[dim];
                    var i = ix.Single.IsFromEnd ? size - ix.Single.Value : ix.Single.Value;
                    if ((uint)i >= (uint)size)
                    {
                        throw new IndexOutOfRangeException(
                            $"Index: index {(ix.Single.IsFromEnd ? "^" + ix.Single.Value : ix.Single.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))} " +
                            $"is out of bounds for dimension {dim} with size {size} (shape {ShapeUtil.Format(_shape)}).");
                    }

                    x = x.Select(dim, i);
                    break;
                case TensorIndex.IndexKind.Slice:
                    x = x.Slice(dim, ix.Start, ix.End, ix.Step);
                    dim++;
                    break;
                case TensorIndex.IndexKind.Ellipsis:
                    dim += Dim - consuming;
                    break;
                default:
                    x = x.Unsqueeze(dim);
                    dim++;
                    break;
            }
        }

        return x;
    }

    private TensorShapeException TooManyIndices(int count) =>
        new($"Index: too many indices for tensor of dimension {Dim} (got {count}; shape {ShapeUtil.Format(_shape)}).");
}

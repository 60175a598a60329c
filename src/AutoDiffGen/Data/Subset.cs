namespace AutoDiffGen;

/// <summary>
/// The samples of a dataset at given indices, like <c>torch.utils.data.Subset</c>: what
/// <see cref="Dataset.RandomSplit{T}(Dataset{T}, int[], long)"/> returns. Sample i is
/// <c>dataset[indices[i]]</c>.
/// </summary>
public sealed class Subset<T> : Dataset<T>
{
    private readonly int[] _indices;

    /// <exception cref="ArgumentOutOfRangeException">An index is outside <paramref name="dataset"/>.</exception>
    public Subset(Dataset<T> dataset, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(indices);
        _indices = [.. indices];
        var count = dataset.Count;
        for (var i = 0; i < _indices.Length; i++)
        {
            if ((uint)_indices[i] >= (uint)count)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(indices), _indices[i], $"Subset: indices[{i}] = {_indices[i]} is outside the dataset of {count} samples.");
            }
        }

        Dataset = dataset;
    }

    /// <summary>The dataset the indices refer to.</summary>
    public Dataset<T> Dataset { get; }

    /// <summary>The indices into <see cref="Dataset"/>, in this subset's order.</summary>
    public IReadOnlyList<int> Indices => _indices;

    public override int Count => _indices.Length;

    public override T this[int index] => Get(index, 0);

    public override T Get(int index, int epoch)
    {
        CheckIndex(index);
        return Dataset.Get(_indices[index], epoch);
    }
}

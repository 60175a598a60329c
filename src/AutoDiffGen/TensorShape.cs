using System.Collections;
using System.Runtime.CompilerServices;

namespace AutoDiffGen;

/// <summary>
/// The sizes of a tensor's dimensions (PyTorch's <c>torch.Size</c>). Read-only: it wraps the tensor's own array,
/// so reading <c>x.Shape[1]</c> allocates nothing. Equal shapes compare equal.
/// </summary>
public readonly struct TensorShape : IReadOnlyList<int>, IEquatable<TensorShape>
{
    private readonly int[]? _sizes;

    internal TensorShape(int[] sizes) => _sizes = sizes;

    /// <summary>The number of dimensions.</summary>
    public int Count => _sizes?.Length ?? 0;

    /// <summary>The number of dimensions (same as <see cref="Count"/>).</summary>
    public int Rank => Count;

    /// <summary>The number of elements: the product of the sizes (1 for a 0-d tensor).</summary>
    public long NumElements
    {
        get
        {
            long n = 1;
            foreach (var s in AsSpan())
            {
                n *= s;
            }

            return n;
        }
    }

    public int this[int index]
    {
        get
        {
            var sizes = _sizes ?? [];
            if ((uint)index >= (uint)sizes.Length)
            {
                ThrowIndex(index, sizes.Length);
            }

            return sizes[index];
        }
    }

    public ReadOnlySpan<int> AsSpan() => _sizes;

    /// <summary>A copy of the sizes.</summary>
    public int[] ToArray() => _sizes is null ? [] : (int[])_sizes.Clone();

    public static implicit operator int[](TensorShape shape) => shape.ToArray();

    public static implicit operator ReadOnlySpan<int>(TensorShape shape) => shape._sizes;

    public static bool operator ==(TensorShape left, TensorShape right) => left.Equals(right);

    public static bool operator !=(TensorShape left, TensorShape right) => !left.Equals(right);

    public bool Equals(TensorShape other) => AsSpan().SequenceEqual(other.AsSpan());

    /// <summary>Compares with a list of sizes, e.g. <c>x.Shape.Equals([2, 3])</c>.</summary>
    public bool Equals(ReadOnlySpan<int> other) => AsSpan().SequenceEqual(other);

    public override bool Equals(object? obj) => obj is TensorShape other && Equals(other);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var s in AsSpan())
        {
            hash.Add(s);
        }

        return hash.ToHashCode();
    }

    /// <summary>Formats as <c>[2, 3]</c>.</summary>
    public override string ToString() => "[" + string.Join(", ", _sizes ?? []) + "]";

    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)(_sizes ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowIndex(int index, int rank) =>
        throw new ArgumentOutOfRangeException(
            nameof(index), index, $"Shape has {rank} dimension(s); index {index} is out of range.");
}

using System.Globalization;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>
/// Shape arithmetic of the runtime (src/AutoDiffGen/Internal/ShapeUtil.cs, Tensor.LinAlg.cs, Tensor.Views.cs) over
/// shapes whose rank is known but whose sizes may be <see cref="Unknown"/>. Each rule returns the result shape, or
/// null with an error (worded as the runtime's TensorShapeException) only when the runtime would certainly throw.
/// </summary>
internal static class ShapeInference
{
    /// <summary>A size (or an integer argument) whose value is not known at compile time.</summary>
    public const int Unknown = int.MinValue;

    /// <summary>The number of elements, or <see cref="Unknown"/> when a size is unknown or the count is too large.</summary>
    public static int NumElements(int[] shape)
    {
        long n = 1;
        foreach (var s in shape)
        {
            if (s < 0)
            {
                return Unknown;
            }

            n *= s;
            if (n > int.MaxValue)
            {
                return Unknown;
            }
        }

        return (int)n;
    }

    /// <summary>NumPy/PyTorch broadcasting (ShapeUtil.Broadcast).</summary>
    public static int[]? Broadcast(int[] a, int[] b, out string? error)
    {
        error = null;
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i - (rank - a.Length);
            var db = i - (rank - b.Length);
            var sa = da >= 0 ? a[da] : 1;
            var sb = db >= 0 ? b[db] : 1;
            if (sa == sb || sb == 1)
            {
                result[i] = sa;
            }
            else if (sa == 1)
            {
                result[i] = sb;
            }
            else if (sa == Unknown || sb == Unknown)
            {
                // If the runtime does not throw, the unknown size is 1 or equal to the other.
                result[i] = sa == Unknown ? sb : sa;
            }
            else
            {
                error = $"the size of tensor a ({sa}) must match the size of tensor b ({sb}) at non-singleton dimension {i} " +
                    $"(shapes {Format(a)} and {Format(b)} cannot be broadcast together)";
                return null;
            }
        }

        return result;
    }

    /// <summary>Matrix product with torch.matmul's rank rules (Tensor.MatMul).</summary>
    public static int[]? MatMul(int[] a, int[] b, out string? error)
    {
        error = null;
        if (a.Length == 0 || b.Length == 0)
        {
            error = $"both arguments need at least 1 dimension, but got {a.Length}-D and {b.Length}-D tensors (shapes {Format(a)} and {Format(b)})";
            return null;
        }

        if (a.Length == 1 && b.Length == 1)
        {
            if (a[0] != Unknown && b[0] != Unknown && a[0] != b[0])
            {
                error = $"1-D tensors are expected to have the same size for a dot product, got {a[0]} and {b[0]} (shapes {Format(a)} and {Format(b)})";
                return null;
            }

            return [];
        }

        var x = a.Length == 1 ? [1, a[0]] : a;
        var y = b.Length == 1 ? [b[0], 1] : b;
        var result = BatchedMatMul(x, y, out error);
        if (result is null)
        {
            return null;
        }

        if (a.Length == 1)
        {
            result = RemoveAt(result, result.Length - 2);
        }

        if (b.Length == 1)
        {
            result = RemoveAt(result, result.Length - 1);
        }

        return result;
    }

    /// <summary>Tensor.Mm: both operands must be matrices.</summary>
    public static int[]? Mm(int[] a, int[] b, out string? error)
    {
        if (a.Length != 2 || b.Length != 2)
        {
            error = $"both arguments must be matrices (2-D), got shapes {Format(a)} and {Format(b)}; use MatMul for other ranks";
            return null;
        }

        return BatchedMatMul(a, b, out error);
    }

    /// <summary>Tensor.Dot: both operands must be vectors.</summary>
    public static int[]? Dot(int[] a, int[] b, out string? error)
    {
        if (a.Length != 1 || b.Length != 1)
        {
            error = $"1-D tensors expected, but got shapes {Format(a)} and {Format(b)}";
            return null;
        }

        return MatMul(a, b, out error);
    }

    private static int[]? BatchedMatMul(int[] a, int[] b, out string? error)
    {
        error = null;
        int m = a[a.Length - 2], k = a[a.Length - 1], k2 = b[b.Length - 2], n = b[b.Length - 1];
        if (k != Unknown && k2 != Unknown && k != k2)
        {
            error = a.Length == 2 && b.Length == 2
                ? $"mat1 and mat2 shapes cannot be multiplied ({FormatX(a)} and {FormatX(b)}); the inner sizes must match, so transpose one of them (e.g. b.T) if that is what you meant"
                : $"shapes {Format(a)} and {Format(b)} cannot be multiplied: the last dim of the first ({k}) must equal the second-to-last dim of the second ({k2})";
            return null;
        }

        var batch = Broadcast(a.Take(a.Length - 2).ToArray(), b.Take(b.Length - 2).ToArray(), out var batchError);
        if (batch is null)
        {
            error = $"the batch dimensions of shapes {Format(a)} and {Format(b)} cannot be broadcast: {batchError}";
            return null;
        }

        return [.. batch, m, n];
    }

    /// <summary>
    /// A requested shape with one -1 inferred from the element count (ShapeUtil.InferSize); <paramref name="numel"/>
    /// may be <see cref="Unknown"/>, and so may requested sizes.
    /// </summary>
    public static int[]? InferSize(int[] requested, int numel, int[]? input, string? inputWord, out string? error)
    {
        error = null;
        var result = (int[])requested.Clone();
        var inferred = -1;
        long product = 1;
        var productKnown = true;
        for (var i = 0; i < result.Length; i++)
        {
            if (result[i] == Unknown)
            {
                productKnown = false;
            }
            else if (result[i] == -1)
            {
                if (inferred >= 0)
                {
                    error = $"only one dimension can be inferred (-1), got shape {Format(requested)}";
                    return null;
                }

                inferred = i;
            }
            else if (result[i] < 0)
            {
                error = $"invalid shape dimension {result[i]} in {Format(requested)}";
                return null;
            }
            else
            {
                // Past int.MaxValue the product cannot equal any element count; cap it so it cannot overflow.
                product = Math.Min(product * result[i], (long)int.MaxValue + 1);
            }
        }

        if (inferred >= 0)
        {
            if (productKnown && (product == 0 || (numel != Unknown && numel % product != 0)))
            {
                error = Invalid(requested, numel, input, inputWord);
                return null;
            }

            result[inferred] = productKnown && numel != Unknown ? (int)(numel / product) : Unknown;
        }
        else if (productKnown && numel != Unknown && product != numel)
        {
            error = Invalid(requested, numel, input, inputWord);
            return null;
        }

        return result;
    }

    private static string Invalid(int[] requested, int numel, int[]? input, string? inputWord) =>
        $"shape '{Format(requested)}' is invalid for input of size {Size(numel)}" + (input is null ? "" : $" ({inputWord} {Format(input)})");

    /// <summary>Tensor.Expand: size-1 dims stretch, -1 keeps a size, new leading dims are added.</summary>
    public static int[]? Expand(int[] shape, int[] sizes, out string? error)
    {
        error = null;
        if (sizes.Length < shape.Length)
        {
            error = $"the number of sizes provided ({sizes.Length}) must be greater or equal to the number of dimensions in the tensor ({shape.Length}) (shape {Format(shape)})";
            return null;
        }

        var result = new int[sizes.Length];
        var lead = sizes.Length - shape.Length;
        for (var i = 0; i < sizes.Length; i++)
        {
            var want = sizes[i];
            var have = i < lead ? 1 : shape[i - lead];
            if (i < lead)
            {
                // A negative leading size throws in the runtime, but not a shape mismatch worth reporting here.
                result[i] = want >= 0 ? want : Unknown;
            }
            else if (want == -1 || want == have)
            {
                result[i] = have;
            }
            else if (want == Unknown || have == Unknown)
            {
                result[i] = want == Unknown ? (have == 1 ? Unknown : have) : (want >= 0 ? want : Unknown);
            }
            else if (have == 1 && want >= 0)
            {
                result[i] = want;
            }
            else
            {
                error = $"the expanded size of the tensor ({want}) must match the existing size ({have}) at non-singleton dimension {i}; " +
                    $"target sizes {Format(sizes)}, tensor sizes {Format(shape)}";
                return null;
            }
        }

        return result;
    }

    /// <summary>Maps a possibly negative dim into [0, rank), or -1 when it is unknown or out of range.</summary>
    public static int NormalizeDim(int dim, int rank)
    {
        if (dim == Unknown)
        {
            return -1;
        }

        var d = dim < 0 ? dim + rank : dim;
        return d >= 0 && d < rank ? d : -1;
    }

    /// <summary>The shape of a reduction over <paramref name="dims"/> (Sum, Mean, ArgMax with a dim).</summary>
    public static int[]? Reduce(int[] shape, int[] dims, bool? keepDim)
    {
        if (keepDim is null)
        {
            return null;
        }

        var reduced = new bool[shape.Length];
        foreach (var dim in dims)
        {
            var d = NormalizeDim(dim, shape.Length);
            if (d < 0)
            {
                return null;
            }

            reduced[d] = true;
        }

        return keepDim.Value
            ? shape.Select((s, i) => reduced[i] ? 1 : s).ToArray()
            : shape.Where((_, i) => !reduced[i]).ToArray();
    }

    public static int[] RemoveAt(int[] values, int index) => values.Take(index).Concat(values.Skip(index + 1)).ToArray();

    public static int[] InsertAt(int[] values, int index, int value) => [.. values.Take(index), value, .. values.Skip(index)];

    /// <summary>A shape as the runtime's errors write it: <c>[2, 3]</c> (an unknown size is <c>?</c>).</summary>
    public static string Format(int[] shape) => "[" + string.Join(", ", shape.Select(Size)) + "]";

    /// <summary>A shape as PyTorch's matrix-multiply errors write it: <c>3x2</c>.</summary>
    public static string FormatX(int[] shape) => string.Join("x", shape.Select(Size));

    private static string Size(int size) => size == Unknown ? "?" : size.ToString(CultureInfo.InvariantCulture);
}

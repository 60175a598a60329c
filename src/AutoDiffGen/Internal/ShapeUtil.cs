using System.Runtime.CompilerServices;

namespace AutoDiffGen;

/// <summary>Shape arithmetic shared by every operation: strides, dims, broadcasting, and the shape strings of errors.</summary>
internal static class ShapeUtil
{
    public static int NumElements(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var s in shape)
        {
            n *= s;
        }

        if (n > Array.MaxLength)
        {
            throw new TensorShapeException(
                $"A tensor of shape {Format(shape)} has {n} elements; at most {Array.MaxLength} fit in one .NET array.");
        }

        return (int)n;
    }

    public static int[] ContiguousStrides(ReadOnlySpan<int> shape)
    {
        var strides = NewInts(shape.Length);
        var stride = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= Math.Max(shape[i], 1);
        }

        return strides;
    }

    /// <summary>
    /// A zeroed int[] for a shape or strides: inside a training step it comes from the step's memory
    /// (<see cref="Internal.StepMemory"/>), so the small arrays of a step's tensors are not allocated again.
    /// </summary>
    public static int[] NewInts(int length)
    {
        if (length == 0)
        {
            return [];
        }

        return Internal.StepMemory.Current is { } arena ? (int[])arena.RentArray(DType.Int32, length, zeroed: true) : new int[length];
    }

    /// <summary>A copy of a shape (see <see cref="NewInts"/>).</summary>
    public static int[] Copy(ReadOnlySpan<int> shape)
    {
        var copy = NewInts(shape.Length);
        shape.CopyTo(copy);
        return copy;
    }

    /// <summary>The shape [a] (see <see cref="NewInts"/>).</summary>
    public static int[] Of(int a)
    {
        var shape = NewInts(1);
        shape[0] = a;
        return shape;
    }

    /// <summary>The shape [a, b] (see <see cref="NewInts"/>).</summary>
    public static int[] Of(int a, int b)
    {
        var shape = NewInts(2);
        shape[0] = a;
        shape[1] = b;
        return shape;
    }

    public static bool IsContiguous(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides)
    {
        // As PyTorch: strides of size-1 dims don't matter, and a tensor with no elements is contiguous.
        var expected = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            if (shape[i] == 0)
            {
                return true;
            }

            if (shape[i] != 1)
            {
                if (strides[i] != expected)
                {
                    return false;
                }

                expected *= shape[i];
            }
        }

        return true;
    }

    /// <summary>Maps a possibly negative dim into [0, rank), with PyTorch's error message when it is out of range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NormalizeDim(int dim, int rank, string op)
    {
        var d = dim < 0 ? dim + rank : dim;
        if ((uint)d >= (uint)rank)
        {
            ThrowDim(dim, rank, op);
        }

        return d;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowDim(int dim, int rank, string op)
    {
        if (rank == 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(dim), dim, $"{op}: dimension specified as {dim} but tensor has no dimensions.");
        }

        throw new ArgumentOutOfRangeException(
            nameof(dim),
            dim,
            $"{op}: dimension out of range (expected to be in range of [{-rank}, {rank - 1}], but got {dim}).");
    }

    /// <summary>Formats a shape as PyTorch does in its errors: <c>[2, 3]</c>.</summary>
    public static string Format(ReadOnlySpan<int> shape)
    {
        var parts = new string[shape.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            parts[i] = shape[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return "[" + string.Join(", ", parts) + "]";
    }

    /// <summary>Formats a shape as <c>3x2</c>, the form of PyTorch's matrix-multiply errors.</summary>
    public static string FormatX(ReadOnlySpan<int> shape)
    {
        var parts = new string[shape.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            parts[i] = shape[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return string.Join("x", parts);
    }

    /// <summary>The broadcast shape of two shapes (NumPy/PyTorch rules), or a <see cref="TensorShapeException"/>.</summary>
    public static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b, string op)
    {
        if (a.SequenceEqual(b))
        {
            return a.ToArray();
        }

        var rank = Math.Max(a.Length, b.Length);
        var result = NewInts(rank);
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
            else
            {
                throw new TensorShapeException(
                    $"{op}: the size of tensor a ({sa}) must match the size of tensor b ({sb}) at non-singleton " +
                    $"dimension {i} (shapes {Format(a)} and {Format(b)} cannot be broadcast together).");
            }
        }

        return result;
    }

    /// <summary>
    /// The strides with which a tensor of shape/strides reads as the (larger) broadcast shape: stride 0 for new
    /// leading dims and for size-1 dims that are stretched.
    /// </summary>
    public static int[] BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, ReadOnlySpan<int> target)
    {
        var result = NewInts(target.Length);
        var lead = target.Length - shape.Length;
        for (var i = 0; i < shape.Length; i++)
        {
            result[lead + i] = shape[i] == target[lead + i] ? strides[i] : 0;
        }

        return result;
    }

    /// <summary>Replaces one -1 in a requested shape with the size that makes the element count match.</summary>
    public static int[] InferSize(ReadOnlySpan<int> requested, int numel, string op)
    {
        var result = Copy(requested);
        var inferred = -1;
        long product = 1;
        for (var i = 0; i < result.Length; i++)
        {
            if (result[i] == -1)
            {
                if (inferred >= 0)
                {
                    throw new TensorShapeException($"{op}: only one dimension can be inferred (-1), got shape {Format(requested)}.");
                }

                inferred = i;
            }
            else if (result[i] < 0)
            {
                throw new TensorShapeException($"{op}: invalid shape dimension {result[i]} in {Format(requested)}.");
            }
            else
            {
                product *= result[i];
            }
        }

        if (inferred >= 0)
        {
            if (product == 0 || numel % product != 0)
            {
                throw new TensorShapeException($"{op}: shape '{Format(requested)}' is invalid for input of size {numel}.");
            }

            result[inferred] = (int)(numel / product);
        }
        else if (product != numel)
        {
            throw new TensorShapeException($"{op}: shape '{Format(requested)}' is invalid for input of size {numel}.");
        }

        return result;
    }

    public static void CheckShape(ReadOnlySpan<int> shape, string op)
    {
        foreach (var s in shape)
        {
            if (s < 0)
            {
                throw new TensorShapeException($"{op}: sizes must be non-negative, got {Format(shape)}.");
            }
        }
    }
}

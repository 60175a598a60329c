namespace AutoDiffGen;

/// <summary>The element type of a tensor. <see cref="Float32"/> is the default, as in PyTorch.</summary>
public enum DType
{
    Float32,
    Float64,
    Int64,
    Int32,
    Bool,
}

/// <summary>Facts about each <see cref="DType"/> and PyTorch's type-promotion rules.</summary>
public static class DTypeExtensions
{
    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this DType dtype) => dtype switch
    {
        DType.Float32 => 4,
        DType.Float64 => 8,
        DType.Int64 => 8,
        DType.Int32 => 4,
        DType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    public static bool IsFloatingPoint(this DType dtype) => dtype is DType.Float32 or DType.Float64;

    public static bool IsIntegral(this DType dtype) => dtype is DType.Int64 or DType.Int32;

    /// <summary>PyTorch's name for the type, e.g. <c>torch.float32</c>; used when printing tensors.</summary>
    public static string TorchName(this DType dtype) => dtype switch
    {
        DType.Float32 => "torch.float32",
        DType.Float64 => "torch.float64",
        DType.Int64 => "torch.int64",
        DType.Int32 => "torch.int32",
        DType.Bool => "torch.bool",
        _ => dtype.ToString(),
    };

    /// <summary>The .NET element type stored for the dtype.</summary>
    public static Type ClrType(this DType dtype) => dtype switch
    {
        DType.Float32 => typeof(float),
        DType.Float64 => typeof(double),
        DType.Int64 => typeof(long),
        DType.Int32 => typeof(int),
        DType.Bool => typeof(bool),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>The dtype stored as the .NET type <typeparamref name="T"/>.</summary>
    public static DType Of<T>()
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return DType.Float32;
        }

        if (typeof(T) == typeof(double))
        {
            return DType.Float64;
        }

        if (typeof(T) == typeof(long))
        {
            return DType.Int64;
        }

        if (typeof(T) == typeof(int))
        {
            return DType.Int32;
        }

        if (typeof(T) == typeof(bool))
        {
            return DType.Bool;
        }

        throw new TensorDTypeException(
            $"{typeof(T).Name} is not a tensor element type; use float, double, long, int or bool.");
    }

    // Category order of PyTorch's promotion: bool < integral < floating.
    internal static int Category(this DType dtype) => dtype switch
    {
        DType.Bool => 0,
        DType.Int32 or DType.Int64 => 1,
        _ => 2,
    };

    /// <summary>
    /// The result type of combining two dtypes of equal priority, as <c>torch.promote_types</c>:
    /// int + float → float, float32 + float64 → float64, int32 + int64 → int64, bool + anything → the other.
    /// </summary>
    public static DType Promote(DType a, DType b)
    {
        if (a == b)
        {
            return a;
        }

        var ca = a.Category();
        var cb = b.Category();
        if (ca != cb)
        {
            return ca > cb ? a : b;
        }

        // Same category, different types: the wider one.
        return a.ElementSize() >= b.ElementSize() ? a : b;
    }
}

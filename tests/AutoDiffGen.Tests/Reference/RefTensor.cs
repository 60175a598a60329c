namespace AutoDiffGen.Tests.Reference;

/// <summary>
/// A deliberately naive tensor for checking the library: row-major <see cref="double"/> values, a shape and a
/// dtype tag. Every operation loops over multi-indices one element at a time; nothing here knows about strides
/// beyond the row-major ones, and nothing calls into AutoDiffGen.
/// </summary>
public sealed class RefTensor
{
    public RefTensor(double[] values, int[] shape, DType dtype)
    {
        if (values.Length != NumElements(shape))
        {
            throw new ArgumentException($"{values.Length} values do not fill shape [{string.Join(", ", shape)}].");
        }

        Values = values;
        Shape = shape;
        DType = dtype;
    }

    public double[] Values { get; }

    public int[] Shape { get; }

    public DType DType { get; }

    public int Rank => Shape.Length;

    public int Count => Values.Length;

    public override string ToString() => $"RefTensor({DType}, [{string.Join(", ", Shape)}])";

    public static int NumElements(int[] shape)
    {
        var n = 1;
        foreach (var s in shape)
        {
            n *= s;
        }

        return n;
    }

    /// <summary>Row-major strides (in elements) of a shape.</summary>
    public static int[] RowMajorStrides(int[] shape)
    {
        var strides = new int[shape.Length];
        var stride = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= shape[i];
        }

        return strides;
    }

    /// <summary>The multi-index of the flat row-major position <paramref name="flat"/>.</summary>
    public static int[] Unravel(int flat, int[] shape)
    {
        var index = new int[shape.Length];
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            index[i] = flat % shape[i];
            flat /= shape[i];
        }

        return index;
    }

    public static int Ravel(int[] index, int[] shape)
    {
        var flat = 0;
        for (var i = 0; i < shape.Length; i++)
        {
            flat = (flat * shape[i]) + index[i];
        }

        return flat;
    }

    public double At(params int[] index) => Values[Ravel(index, Shape)];

    /// <summary>The value rounded to what a tensor of <paramref name="dtype"/> can hold.</summary>
    public static double Store(double value, DType dtype) => dtype switch
    {
        DType.Float32 => (float)value,
        DType.Float64 => value,
        DType.Bool => value != 0 ? 1 : 0, // NaN != 0, so NaN is true, as bool(float('nan')) in Python.
        DType.Int32 => (int)Math.Truncate(value),
        _ => (long)Math.Truncate(value),
    };

    /// <summary>NumPy/PyTorch broadcasting: align trailing dims; each pair must be equal or contain a 1. Null if not.</summary>
    public static int[]? BroadcastShape(int[] a, int[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 1; i <= rank; i++)
        {
            var sa = i <= a.Length ? a[^i] : 1;
            var sb = i <= b.Length ? b[^i] : 1;
            if (sa != sb && sa != 1 && sb != 1)
            {
                return null;
            }

            result[rank - i] = sa == 1 ? sb : sa;
        }

        return result;
    }

    /// <summary>This tensor's values read as <paramref name="shape"/> under broadcasting (a copy).</summary>
    public RefTensor BroadcastTo(int[] shape)
    {
        var lead = shape.Length - Rank;
        if (lead < 0)
        {
            throw new ArgumentException("Cannot broadcast to fewer dims.");
        }

        var values = new double[NumElements(shape)];
        var source = new int[Rank];
        for (var flat = 0; flat < values.Length; flat++)
        {
            var index = Unravel(flat, shape);
            for (var d = 0; d < Rank; d++)
            {
                var size = Shape[d];
                if (size != 1 && size != shape[lead + d])
                {
                    throw new ArgumentException($"Cannot broadcast [{string.Join(", ", Shape)}] to [{string.Join(", ", shape)}].");
                }

                source[d] = size == 1 ? 0 : index[lead + d];
            }

            values[flat] = At(source);
        }

        return new RefTensor(values, (int[])shape.Clone(), DType);
    }

    /// <summary>f applied to each element, stored as <paramref name="resultType"/>.</summary>
    public RefTensor Map(Func<double, double> f, DType resultType)
    {
        var values = new double[Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Store(f(Values[i]), resultType);
        }

        return new RefTensor(values, (int[])Shape.Clone(), resultType);
    }

    /// <summary>f applied pairwise after broadcasting both operands, stored as <paramref name="resultType"/>.</summary>
    public static RefTensor Zip(RefTensor a, RefTensor b, Func<double, double, double> f, DType resultType)
    {
        var shape = BroadcastShape(a.Shape, b.Shape)
            ?? throw new ArgumentException($"Shapes [{string.Join(", ", a.Shape)}] and [{string.Join(", ", b.Shape)}] do not broadcast.");
        var x = a.BroadcastTo(shape);
        var y = b.BroadcastTo(shape);
        var values = new double[x.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Store(f(x.Values[i], y.Values[i]), resultType);
        }

        return new RefTensor(values, shape, resultType);
    }

    /// <summary>Dims reordered: result dim i is this tensor's dim <c>dims[i]</c>.</summary>
    public RefTensor Permute(int[] dims)
    {
        var shape = new int[Rank];
        for (var i = 0; i < Rank; i++)
        {
            shape[i] = Shape[dims[i]];
        }

        var values = new double[Count];
        var source = new int[Rank];
        for (var flat = 0; flat < values.Length; flat++)
        {
            var index = Unravel(flat, shape);
            for (var i = 0; i < Rank; i++)
            {
                source[dims[i]] = index[i];
            }

            values[flat] = At(source);
        }

        return new RefTensor(values, shape, DType);
    }

    /// <summary>Elements start, start+step, ... (below end) of one dim.</summary>
    public RefTensor Slice(int dim, int start, int end, int step)
    {
        var shape = (int[])Shape.Clone();
        shape[dim] = end > start ? ((end - start + step - 1) / step) : 0;
        var values = new double[NumElements(shape)];
        for (var flat = 0; flat < values.Length; flat++)
        {
            var index = Unravel(flat, shape);
            index[dim] = start + (index[dim] * step);
            values[flat] = At(index);
        }

        return new RefTensor(values, shape, DType);
    }
}

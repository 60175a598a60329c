using AutoDiffGen.Tests.Reference;

namespace AutoDiffGen.Tests.Ops;

/// <summary>How an operand's elements are laid out in memory; the values it reads as are the same for all.</summary>
public enum Layout
{
    Contiguous,

    /// <summary>A permuted view of a tensor stored in another dim order (transposed).</summary>
    Permuted,

    /// <summary>Every k-th element of one dim of a larger tensor, the others filled with junk.</summary>
    Stepped,

    /// <summary>A narrowed view: contiguous rows starting past the storage's first element.</summary>
    Offset,

    /// <summary>A smaller tensor expanded (stride 0) to the shape.</summary>
    Expanded,
}

/// <summary>
/// Builds library tensors from reference values without using the library's dtype conversion (each dtype is
/// created from its own .NET element type) and reads them back the same way, so a conversion bug cannot hide
/// an arithmetic bug or the other way round.
/// </summary>
public static class OpsHelpers
{
    public static readonly DType[] AllTypes = [DType.Float32, DType.Float64, DType.Int64, DType.Int32, DType.Bool];

    /// <summary>A library tensor, contiguous, holding <paramref name="values"/> as <paramref name="dtype"/> (values must be representable).</summary>
    public static Tensor FromValues(double[] values, int[] shape, DType dtype) => dtype switch
    {
        DType.Float32 => Tensor.FromArray(values.Select(v => (float)v).ToArray(), shape),
        DType.Float64 => Tensor.FromArray((double[])values.Clone(), shape),
        DType.Int64 => Tensor.FromArray(values.Select(v => (long)v).ToArray(), shape),
        DType.Int32 => Tensor.FromArray(values.Select(v => (int)v).ToArray(), shape),
        _ => Tensor.FromArray(values.Select(v => v != 0).ToArray(), shape),
    };

    public static Tensor FromRef(RefTensor r) => FromValues(r.Values, r.Shape, r.DType);

    /// <summary>The elements in row-major order, read in the tensor's own element type (no dtype conversion).</summary>
    public static double[] Read(Tensor t) => t.DType switch
    {
        DType.Float32 => [.. t.ToArray<float>().Select(v => (double)v)],
        DType.Float64 => t.ToArray<double>(),
        DType.Int64 => [.. t.ToArray<long>().Select(v => (double)v)],
        DType.Int32 => [.. t.ToArray<int>().Select(v => (double)v)],
        _ => [.. t.ToArray<bool>().Select(v => v ? 1.0 : 0.0)],
    };

    /// <summary>Random values of a dtype: small integers, or floats in [-3, 3] with ties (k + 0.5), zeros and, when asked, NaN and ±∞.</summary>
    public static double[] RandomValues(Random rng, int n, DType dtype, bool specials = true)
    {
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = dtype switch
            {
                DType.Bool => rng.Next(2),
                DType.Int32 or DType.Int64 => rng.Next(-4, 5),
                _ => RandomFloat(rng, specials),
            };

            values[i] = RefTensor.Store(values[i], dtype);
        }

        return values;
    }

    private static double RandomFloat(Random rng, bool specials)
    {
        var k = rng.Next(40);
        return k switch
        {
            0 => 0.0,
            1 => -0.0,
            2 => rng.Next(-3, 3) + 0.5,
            3 when specials => double.NaN,
            4 when specials => double.PositiveInfinity,
            5 when specials => double.NegativeInfinity,
            _ => (rng.NextDouble() * 6) - 3,
        };
    }

    public static RefTensor RandomRef(Random rng, int[] shape, DType dtype, bool specials = true) =>
        new(RandomValues(rng, RefTensor.NumElements(shape), dtype, specials), shape, dtype);

    /// <summary>A random shape of rank 0–4 with sizes 1–4 and now and then a 0.</summary>
    public static int[] RandomShape(Random rng, int maxRank = 4)
    {
        var rank = rng.Next(maxRank + 1);
        var shape = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            shape[i] = rng.Next(12) == 0 ? 0 : rng.Next(1, 5);
        }

        return shape;
    }

    /// <summary>A shape that broadcasts with <paramref name="shape"/>: leading dims dropped or added, some sizes set to 1.</summary>
    public static int[] BroadcastPartner(Random rng, int[] shape)
    {
        var skip = rng.Next(shape.Length + 1);
        var dims = shape.Skip(skip).Select(s => rng.Next(3) == 0 ? 1 : s).ToList();
        if (skip == 0 && rng.Next(3) == 0)
        {
            dims.Insert(0, rng.Next(1, 4));
        }

        return [.. dims];
    }

    /// <summary>
    /// Twenty-four shape pairs for one seed: fixed broadcast cases from PyTorch's documentation first, then random
    /// pairs (equal shapes and broadcast partners, in either order).
    /// </summary>
    public static List<(int[] A, int[] B)> ShapePairs(int seed, int count = 24)
    {
        var pairs = new List<(int[], int[])>
        {
            ([3, 1, 4], [5, 4]),
            ([], [2, 3]),
            ([2, 3], []),
            ([4, 1], [1, 5]),
            ([0, 3], [1, 3]),
            ([5, 1, 4, 1], [3, 1, 1]),
        };
        var rng = new Random(seed);
        while (pairs.Count < count)
        {
            var a = RandomShape(rng);
            var b = rng.Next(3) == 0 ? (int[])a.Clone() : BroadcastPartner(rng, a);
            pairs.Add(rng.Next(2) == 0 ? (a, b) : (b, a));
        }

        return pairs;
    }

    /// <summary>
    /// An operand that reads as <paramref name="shape"/> in the given layout, with the reference values it reads as.
    /// Layouts that do not apply to the shape (e.g. a permutation of a 0-d tensor) fall back to contiguous.
    /// </summary>
    public static (Tensor Tensor, RefTensor Ref) Operand(Random rng, int[] shape, DType dtype, Layout layout, bool specials = true)
    {
        var rank = shape.Length;
        switch (layout)
        {
            case Layout.Permuted when rank >= 2:
                {
                    var r = RandomRef(rng, shape, dtype, specials);
                    var p = Enumerable.Range(0, rank).OrderBy(_ => rng.Next()).ToArray();
                    if (p.SequenceEqual(Enumerable.Range(0, rank)))
                    {
                        p = [.. p.Reverse()];
                    }

                    var stored = r.Permute(p);
                    var inverse = new int[rank];
                    for (var i = 0; i < rank; i++)
                    {
                        inverse[p[i]] = i;
                    }

                    return (FromRef(stored).Permute(inverse), r);
                }

            case Layout.Stepped when rank >= 1:
                {
                    var r = RandomRef(rng, shape, dtype, specials);
                    var dim = rng.Next(rank);
                    var step = rng.Next(2, 4);
                    var start = rng.Next(step);
                    var baseShape = (int[])shape.Clone();
                    baseShape[dim] = shape[dim] * step;
                    var baseValues = Enumerable.Repeat(dtype.IsFloatingPoint() ? 12345.0 : 77.0, RefTensor.NumElements(baseShape)).ToArray();
                    for (var flat = 0; flat < r.Count; flat++)
                    {
                        var index = RefTensor.Unravel(flat, shape);
                        index[dim] = start + (index[dim] * step);
                        baseValues[RefTensor.Ravel(index, baseShape)] = r.Values[flat];
                    }

                    var view = FromValues(baseValues, baseShape, dtype).Slice(dim, start, null, step);
                    return (view, r);
                }

            case Layout.Offset when rank >= 1:
                {
                    var r = RandomRef(rng, shape, dtype, specials);
                    var baseShape = (int[])shape.Clone();
                    baseShape[0] += 3;
                    var rowSize = RefTensor.NumElements(shape) / Math.Max(shape[0], 1);
                    if (shape[0] == 0)
                    {
                        rowSize = RefTensor.NumElements(shape[1..]);
                    }

                    var baseValues = Enumerable.Repeat(dtype == DType.Bool ? 1.0 : 55.0, RefTensor.NumElements(baseShape)).ToArray();
                    Array.Copy(r.Values, 0, baseValues, 2 * rowSize, r.Count);
                    return (FromValues(baseValues, baseShape, dtype).Narrow(0, 2, shape[0]), r);
                }

            case Layout.Expanded when rank >= 1:
                {
                    // Some dims of size 1 (stride 0 after Expand) and maybe a missing leading dim.
                    var drop = rng.Next(2) == 0 ? 1 : 0;
                    var small = shape.Skip(drop).Select(s => rng.Next(2) == 0 ? 1 : s).ToArray();
                    var source = RandomRef(rng, small, dtype, specials);
                    return (FromRef(source).Expand(shape), source.BroadcastTo(shape));
                }

            default:
                {
                    var r = RandomRef(rng, shape, dtype, specials);
                    return (FromRef(r), r);
                }
        }
    }

    public static Layout RandomLayout(Random rng) => (Layout)rng.Next(5);

    /// <summary>float32 results are checked to 1e-5·(1+|ref|), float64 to 1e-12·(1+|ref|), integers and bools exactly.</summary>
    public static double DefaultTolerance(DType dtype) => dtype switch
    {
        DType.Float32 => 1e-5,
        DType.Float64 => 1e-12,
        _ => 0,
    };

    /// <summary>Asserts dtype, shape and values; NaN must meet NaN and infinities must match exactly.</summary>
    public static void AssertMatches(RefTensor expected, Tensor actual, string context, double? tolerance = null)
    {
        Assert.True(expected.DType == actual.DType, $"{context}: dtype {actual.DType}, expected {expected.DType}.");
        Assert.True(
            actual.Shape.Equals(expected.Shape),
            $"{context}: shape {actual.Shape}, expected [{string.Join(", ", expected.Shape)}].");
        var values = Read(actual);
        var tol = tolerance ?? DefaultTolerance(expected.DType);
        for (var i = 0; i < values.Length; i++)
        {
            var e = expected.Values[i];
            var a = values[i];
            var ok = double.IsNaN(e) ? double.IsNaN(a)
                : double.IsInfinity(e) || tol == 0 ? a == e
                : Math.Abs(a - e) <= tol * (1 + Math.Abs(e));
            Assert.True(ok, $"{context}: element {i} (index [{string.Join(", ", RefTensor.Unravel(i, expected.Shape))}]) is {a}, expected {e}.");
        }
    }

    public static string Describe(int[] shape) => "[" + string.Join(", ", shape) + "]";
}

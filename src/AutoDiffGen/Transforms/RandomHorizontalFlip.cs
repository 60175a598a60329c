namespace AutoDiffGen.Transforms;

/// <summary>
/// Mirrors the last dim (left ↔ right) with probability <see cref="P"/>, like
/// <c>transforms.RandomHorizontalFlip(p)</c>: one uniform draw u in [0, 1) from the generator per call, flipped when
/// u &lt; p (so p = 0 never flips and p = 1 always does). A flipped image is a new tensor; otherwise the input.
/// </summary>
public sealed class RandomHorizontalFlip : Transform<Tensor, Tensor>
{
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    public RandomHorizontalFlip(double p = 0.5)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "RandomHorizontalFlip: p is a probability and must be in [0, 1].");
        }

        P = p;
    }

    public double P { get; }

    public override bool IsRandom => true;

    public override Tensor Apply(Tensor input, Generator generator)
    {
        ImageTensors.RequireRank(input, 2, "RandomHorizontalFlip");
        ArgumentNullException.ThrowIfNull(generator);
        Span<double> u = stackalloc double[1];
        generator.FillUniform(u);
        return u[0] < P ? Flip(input) : input;
    }

    /// <summary>The image mirrored along its last dim (like <c>F.hflip</c>).</summary>
    internal static Tensor Flip(Tensor input)
    {
        var result = input.Clone();
        switch (result.DType)
        {
            case DType.Float32: ReverseRows<float>(result); break;
            case DType.Float64: ReverseRows<double>(result); break;
            case DType.Int64: ReverseRows<long>(result); break;
            case DType.Int32: ReverseRows<int>(result); break;
            default: ReverseRows<bool>(result); break;
        }

        return result;
    }

    private static void ReverseRows<T>(Tensor contiguous)
        where T : unmanaged
    {
        var values = contiguous.ContiguousSpan<T>();
        var width = contiguous.Size(-1);
        for (var start = 0; start + width <= values.Length && width > 0; start += width)
        {
            values.Slice(start, width).Reverse();
        }
    }
}

namespace AutoDiffGen;

/// <summary>
/// How tensors print, like <c>torch.set_printoptions</c>: digits after the point, the element count above which
/// the middle is elided, how many items to keep at each edge, the line width, and scientific notation (null lets
/// the formatter decide, as PyTorch does).
/// </summary>
/// <remarks>
/// A tensor is summarised when it has more than <c>Threshold</c> elements; <see cref="int.MaxValue"/> prints
/// everything, like PyTorch's <c>profile="full"</c>. Precision and EdgeItems must not be negative.
/// </remarks>
public sealed record TensorPrintOptions(
    int Precision = 4,
    int Threshold = 1000,
    int EdgeItems = 3,
    int LineWidth = 80,
    bool? SciMode = null)
{
    /// <summary>PyTorch's defaults.</summary>
    public static TensorPrintOptions Default { get; } = new();
}

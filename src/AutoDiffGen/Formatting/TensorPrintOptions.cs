namespace AutoDiffGen;

/// <summary>
/// How tensors print, like <c>torch.set_printoptions</c>: digits after the point, the element count above which
/// the middle is elided, how many items to keep at each edge, the line width, and scientific notation (null lets
/// the formatter decide, as PyTorch does).
/// </summary>
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

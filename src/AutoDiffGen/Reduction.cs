namespace AutoDiffGen;

/// <summary>How a loss combines its per-element (or per-sample) values, like PyTorch's <c>reduction=</c> argument.</summary>
public enum Reduction
{
    /// <summary>The mean over elements (over samples for <c>CrossEntropy</c> and <c>Nll</c>); the default.</summary>
    Mean,

    /// <summary>The sum over elements (samples).</summary>
    Sum,

    /// <summary>No reduction: one loss per element (per sample).</summary>
    None,
}

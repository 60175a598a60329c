using System.ComponentModel;

namespace AutoDiffGen.Internal;

/// <summary>Checks that generated gradient code calls; not meant to be called by hand.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GradientChecks
{
    /// <summary>A gradient is defined for a one-element result (a loss); a larger result needs a pullback.</summary>
    public static void RequireScalar(Tensor result, string method)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.NumElements != 1)
        {
            throw new TensorShapeException(
                $"{method}: the result has shape {ShapeUtil.Format(result._shape)} ({result.NumElements} elements), but a gradient needs a one-element result such as a loss. " +
                "Reduce it first (e.g. .Sum() or .Mean()), or use the WithPullback form with an adjoint of the result's shape.");
        }
    }
}

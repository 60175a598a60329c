namespace AutoDiffGen;

/// <summary>
/// <c>Detach()</c> for scalars, as <see cref="Tensor.Detach"/> for tensors: the value is used as a constant, so
/// no gradient flows back through it. In a [Differentiable] method this says the stop is intended (it silences
/// ADG0005 on a following <c>Math.Round</c>, cast to an integer, or comparison).
/// </summary>
public static class DetachExtensions
{
    /// <summary>The same value, treated as a constant by the differentiator.</summary>
    public static double Detach(this double value) => value;

    /// <summary>The same value, treated as a constant by the differentiator.</summary>
    public static float Detach(this float value) => value;
}

namespace AutoDiffGen.Generators.Model;

/// <summary>The differentiable value types; <see cref="None"/> is everything else (a constant to differentiation).</summary>
internal enum ValueKind
{
    None,
    Double,
    Float,
    Tensor,
}

namespace AutoDiffGen.Generators.Model;

/// <summary>The differentiable value types; <see cref="None"/> is everything else (a constant to differentiation).</summary>
internal enum ValueKind
{
    None,
    Double,
    Float,
    Tensor,

    /// <summary>A list of tensors (<c>Tensor[]</c>, <c>ReadOnlySpan&lt;Tensor&gt;</c>), as <c>Tensor.Cat</c> takes.</summary>
    TensorList,
}

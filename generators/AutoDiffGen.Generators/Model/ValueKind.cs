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

    /// <summary>A model (a class deriving from <c>AutoDiffGen.Module</c>); its adjoint is the type's generated <c>Gradient</c>.</summary>
    Module,
}

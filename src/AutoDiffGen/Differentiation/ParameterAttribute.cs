namespace AutoDiffGen;

/// <summary>
/// Marks a <see cref="Tensor"/> field or property of a <see cref="Module"/> as a trainable parameter, like
/// <c>nn.Parameter</c>: it appears in the generated <c>Parameters()</c> (named after the member in snake_case,
/// e.g. <c>Weight</c> → <c>weight</c>), in the state dict, and as a member of the module's generated
/// <c>Gradient</c> type. Nested modules need no attribute: a field or property of a <see cref="Module"/> type is
/// registered as a child, as assigning a module attribute registers it in PyTorch.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false)]
public sealed class ParameterAttribute : Attribute
{
}

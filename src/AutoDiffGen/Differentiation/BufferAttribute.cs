namespace AutoDiffGen;

/// <summary>
/// Marks a <see cref="Tensor"/> field or property of a <see cref="Module"/> as a buffer, like
/// <c>register_buffer</c>: state that is saved and loaded with the model (BatchNorm's running statistics) but is
/// not trained, so it has no gradient and is not in <c>Parameters()</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false)]
public sealed class BufferAttribute : Attribute
{
}

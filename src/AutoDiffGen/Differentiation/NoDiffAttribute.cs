namespace AutoDiffGen;

/// <summary>
/// Marks a parameter as a constant for differentiation (data, labels, hyper-parameters): no gradient is computed
/// for it. Integer and bool parameters are constants without it. On a derivative rule's parameter it says the
/// rule returns no adjoint for that parameter.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class NoDiffAttribute : Attribute
{
}

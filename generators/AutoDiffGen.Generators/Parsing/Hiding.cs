using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// Whether the members generated for a [Differentiable] method hide members a base class has or gets generated: a
/// derived model that declares a method with the name of one it inherits (a static <c>Loss</c> on each level, a
/// <c>new Forward</c>) would otherwise get CS0108 in generated code. The generator's own output for the base is not
/// visible here, so a base's [Differentiable] methods in source count as the members they will get.
/// </summary>
internal static class Hiding
{
    /// <summary>
    /// (Methods: <c>{M}WithGradient</c> and <c>{M}WithPullback</c> hide inherited ones with the same parameters;
    /// PullbackType: the nested <c>{M}Pullback</c> hides an inherited member of that name).
    /// </summary>
    public static (bool Methods, bool PullbackType) Of(IMethodSymbol method)
    {
        bool methods = false, type = false;
        var pullback = method.Name + "Pullback";
        for (var b = method.ContainingType.BaseType; b is not null && !(methods && type); b = b.BaseType)
        {
            foreach (var member in b.GetMembers())
            {
                if (member.DeclaredAccessibility == Accessibility.Private || member.IsImplicitlyDeclared)
                {
                    continue;
                }

                if (member.Name == pullback)
                {
                    type = true;
                }
                else if (member is IMethodSymbol other && (other.Name == method.Name + "WithGradient" || other.Name == method.Name + "WithPullback") && SameParameters(other, method))
                {
                    methods = true;
                }
                else if (member is IMethodSymbol inherited && inherited.Name == method.Name && Generates(inherited))
                {
                    type = true;
                    methods |= SameParameters(inherited, method);
                }
            }
        }

        return (methods, type);
    }

    // A [Differentiable] method in source that the generator writes members for.
    private static bool Generates(IMethodSymbol method) =>
        method.Locations.Any(l => l.IsInSource)
        && !method.IsAbstract
        && Symbols.Overridable(method) is null
        && method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == Symbols.DifferentiableAttribute) is { } attribute
        && !attribute.NamedArguments.Any(a => a.Key == "Manual" && a.Value.Value is true);

    private static bool SameParameters(IMethodSymbol a, IMethodSymbol b) =>
        a.Parameters.Length == b.Parameters.Length
        && a.Parameters.Zip(b.Parameters, (x, y) => SymbolEqualityComparer.Default.Equals(x.Type, y.Type) && x.RefKind == y.RefKind).All(same => same);
}

using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// [Differentiable] helpers with ref or out parameters (<c>void Scale(ref double v, double k)</c>,
/// <c>void Square(double v, out double s)</c>): their outputs are their result, if any, and the final values of those
/// parameters, so no WithPullback of one result fits them. They are inlined where they are called instead: the
/// caller's parser reads the helper's body with its parameters bound to the caller's values and writes the ref and
/// out parameters' final values back to the caller's variables (BodyParser.Inlining.cs). Such a helper gets no
/// generated members of its own; its body is still parsed alone, so its diagnostics are reported on it.
/// </summary>
internal static class Inlining
{
    public static bool IsInlined(IMethodSymbol method) =>
        !method.IsGenericMethod
        && method.Parameters.Any(p => p.RefKind is RefKind.Ref or RefKind.Out && Symbols.KindOf(p.Type) != ValueKind.None)
        && Symbols.HasAttribute(method.OriginalDefinition, Symbols.DifferentiableAttribute);
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>Reads of one element of a tuple or list an op returns (<c>x.Max(1).Values</c>, <c>x.Chunk(2)[0]</c>), and generic ops.</summary>
internal sealed partial class BodyParser
{
    /// <summary>
    /// The declared name of the tuple element a field read takes from a call's result (<c>Values</c> for both
    /// <c>.Values</c> and <c>.Item1</c>), or null when the call is no tuple-returning op (a [Differentiable] method's
    /// tuple is its own pullback's business).
    /// </summary>
    private static string? TupleElementName(IInvocationOperation call, IFieldSymbol field)
    {
        if (call.TargetMethod.ReturnType is not INamedTypeSymbol { IsTupleType: true } tuple
            || Symbols.HasAttribute(call.TargetMethod.OriginalDefinition, Symbols.DifferentiableAttribute))
        {
            return null;
        }

        var elements = tuple.TupleElements;
        for (var i = 0; i < elements.Length; i++)
        {
            if (SymbolEqualityComparer.Default.Equals(elements[i].CorrespondingTupleField, field.CorrespondingTupleField))
            {
                return elements[i].Name;
            }
        }

        return null;
    }

    /// <summary>A call to an op (not a [Differentiable] method) that returns a list of tensors, like <c>Chunk</c>.</summary>
    private static bool IsListOp(IInvocationOperation call) =>
        call.TargetMethod.ReturnType is IArrayTypeSymbol && Symbols.KindOf(call.TargetMethod.ReturnType) == Model.ValueKind.TensorList
        && !Symbols.HasAttribute(call.TargetMethod.OriginalDefinition, Symbols.DifferentiableAttribute);

    /// <summary>A generic op's type arguments as written in generated code (<c>&lt;double&gt;</c> for <c>Item&lt;double&gt;()</c>), or nothing.</summary>
    private static string TypeArguments(IMethodSymbol method) =>
        method.IsGenericMethod ? "<" + string.Join(", ", method.TypeArguments.Select(Symbols.Global)) + ">" : string.Empty;
}

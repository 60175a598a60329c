using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generators;

/// <summary>Every diagnostic the generator reports, in one place; ids are stable and documented in docs/diagnostics.md.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "AutoDiffGen";
    private const string HelpBase = "https://github.com/autodiffgen/autodiffgen/blob/main/docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor InternalError = new(
        "ADG0900",
        "The gradient generator failed",
        "The gradient of '{0}' could not be generated because of an internal error: {1}. Please report it with the method's source.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "adg0900");

    public static readonly DiagnosticDescriptor UnsupportedConstruct = new(
        "ADG0004",
        "Construct not supported in a differentiable method",
        "'{0}' cannot be differentiated: {1} is not supported in a [Differentiable] method yet",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "adg0004");

    public static readonly DiagnosticDescriptor NoDerivative = new(
        "ADG0003",
        "Call to a method with no derivative",
        "'{0}' calls '{1}', which has no derivative: mark it [Differentiable] or register a rule with [DerivativeOf(typeof({2}), \"{3}\")]",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "adg0003");

    public static readonly DiagnosticDescriptor NotPartial = new(
        "ADG0001",
        "Type of a differentiable method must be partial",
        "'{0}' is [Differentiable] but its type '{1}' is not partial; add the partial modifier so the generator can add '{0}WithGradient'",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "adg0001");

    public static readonly DiagnosticDescriptor UnsupportedType = new(
        "ADG0002",
        "Type has no derivative",
        "'{0}' cannot be differentiated: {1} has type '{2}', which has no derivative; differentiable values are double, float and Tensor (mark constants [NoDiff])",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "adg0002");

    public static DiagnosticDescriptor? ById(string id) => id switch
    {
        "ADG0900" => InternalError,
        "ADG0004" => UnsupportedConstruct,
        "ADG0003" => NoDerivative,
        "ADG0001" => NotPartial,
        "ADG0002" => UnsupportedType,
        _ => null,
    };
}

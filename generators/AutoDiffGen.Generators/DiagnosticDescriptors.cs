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
        "'{0}' cannot be differentiated: {1}",
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

    public static readonly DiagnosticDescriptor GradientStops = new(
        "ADG0005",
        "The gradient stops here",
        "The gradient of '{0}' stops at '{1}': {2}, so nothing flows back through it; call .Detach() on the value first if that is intended",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "adg0005");

    public static readonly DiagnosticDescriptor ZeroGradient = new(
        "ADG0006",
        "The result does not depend on a differentiable parameter",
        "The result of '{0}' does not depend on '{1}', so its gradient is always zero; mark '{1}' [NoDiff] or use it",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "adg0006");

    public static readonly DiagnosticDescriptor InPlaceMutation = new(
        "ADG0007",
        "In-place mutation of a value the backward pass needs",
        "'{0}' changes '{1}' in place with '{2}', but the backward pass needs its earlier value for '{3}'; use the out-of-place operation ('{4}') instead",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "adg0007");

    public static readonly DiagnosticDescriptor ShapeMismatch = new(
        "ADG0008",
        "Shapes do not match",
        "{0}: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "adg0008");

    public static readonly DiagnosticDescriptor RuleSignature = new(
        "ADG0009",
        "Derivative rule does not match its original",
        "The rule '{0}' for '{1}' does not match it: {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "adg0009");

    public static readonly DiagnosticDescriptor NothingToDifferentiate = new(
        "ADG0010",
        "Differentiable method with no differentiable parameter",
        "'{0}' is [Differentiable] but has no differentiable parameter (double, float or Tensor without [NoDiff]), so it has no gradient; remove [Differentiable] or make a parameter differentiable",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "adg0010");

    public static readonly DiagnosticDescriptor ModelNotPartial = new(
        "ADG0011",
        "Model type must be partial",
        "'{0}' derives from Module but the generator cannot add to it: add the partial modifier to {1} so it can write the model's Parameters() and Gradient type",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "adg0011");

    public static readonly DiagnosticDescriptor ParameterNotTensor = new(
        "ADG0012",
        "[Parameter] on a member that is not a Tensor",
        "'{0}' is marked [Parameter] but {1}, so it is not a parameter; only Tensor instance fields and properties can be parameters (child modules need no attribute)",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "adg0012");

    public static readonly DiagnosticDescriptor TrainingStepMismatch = new(
        "ADG0013",
        "Training step does not match its loss",
        "The [TrainingStep] method '{0}' cannot be generated: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "adg0013");

    public static readonly DiagnosticDescriptor VirtualDifferentiable = new(
        "ADG0014",
        "Differentiable method can be overridden",
        "'{0}' cannot be differentiated: {1}. Its gradient is bound at compile time, so it would differentiate one body while an override runs another; make the method non-virtual or seal the override (or the class), or put the computation that differs per model in a child module.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + "adg0014");

    /// <summary>Every descriptor, for lookups by id.</summary>
    public static readonly System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> All = System.Collections.Immutable.ImmutableArray.Create(
        NotPartial, UnsupportedType, NoDerivative, UnsupportedConstruct, GradientStops, ZeroGradient, InPlaceMutation, ShapeMismatch, RuleSignature, NothingToDifferentiate, ModelNotPartial, ParameterNotTensor, TrainingStepMismatch, VirtualDifferentiable, InternalError);

    public static DiagnosticDescriptor? ById(string id) => All.FirstOrDefault(d => d.Id == id);

    /// <summary>Whether a diagnostic stops the generator from emitting the method's gradient.</summary>
    public static bool IsError(string id) => ById(id)?.DefaultSeverity != DiagnosticSeverity.Warning;
}

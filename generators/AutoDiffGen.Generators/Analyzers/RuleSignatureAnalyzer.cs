using System.Collections.Immutable;
using AutoDiffGen.Generators.Model;
using AutoDiffGen.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>
/// ADG0009: a [DerivativeOf] rule whose signature does not fit its original. A rule takes the original's parameters
/// (an instance method's receiver first), then the original's result and the result's adjoint, and returns the
/// adjoints of the differentiable parameters (one value, or a tuple in parameter order). A rule that does not fit
/// would be silently ignored (no overload matches its key) or make the generated code fail to compile.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RuleSignatureAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.RuleSignature);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var attribute = start.Compilation.GetTypeByMetadataName(Symbols.DerivativeOfAttribute);
            if (attribute is not null)
            {
                start.RegisterSymbolAction(symbol => Analyze(symbol, attribute), SymbolKind.Method);
            }
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol attributeType)
    {
        var rule = (IMethodSymbol)context.Symbol;
        foreach (var attribute in rule.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType)
                || attribute.ConstructorArguments.Length != 2
                || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol original
                || attribute.ConstructorArguments[1].Value is not string name)
            {
                continue;
            }

            var problem = Check(rule, original, name, attribute);
            if (problem is not null)
            {
                var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? rule.Locations.FirstOrDefault() ?? Location.None;
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RuleSignature, location, rule.Name, original.ToDisplayString() + "." + name, problem));
            }
        }
    }

    /// <summary>What is wrong with the rule, or null when it fits.</summary>
    internal static string? Check(IMethodSymbol rule, INamedTypeSymbol original, string name, AttributeData attribute)
    {
        if (!rule.IsStatic)
        {
            return "a rule must be a static method";
        }

        if (rule.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
        {
            return "a rule must be public or internal, so generated code can call it";
        }

        var candidates = Originals(original, name).ToList();
        if (candidates.Count == 0)
        {
            return $"'{original.Name}' has no method named '{name}'";
        }

        if (rule.Parameters.Length < 2)
        {
            return "a rule takes the original's parameters, then the original's result and the result's adjoint";
        }

        // A rule for an element of a list result (x.Chunk(2)[i], Element = "[]") takes the element's index after the
        // original's parameters.
        var element = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Element").Value.Value as string;
        var indexed = element == "[]" ? 1 : 0;
        if (rule.Parameters.Length < 2 + indexed)
        {
            return "a rule for an element of a list takes the original's parameters, the element's index, the result and its adjoint";
        }

        var leading = rule.Parameters.Take(rule.Parameters.Length - 2 - indexed).Select(p => p.Type).ToList();
        var match = candidates.FirstOrDefault(c => c.Parameters.Length == leading.Count && c.Parameters.Zip(leading, (a, b) => SymbolEqualityComparer.Default.Equals(a, b)).All(x => x));
        if (match.Parameters.IsDefault)
        {
            var overloads = string.Join(", ", candidates.Select(c => "(" + string.Join(", ", c.Parameters.Select(p => p.ToDisplayString())) + ")"));
            return $"no overload of '{name}' takes ({string.Join(", ", leading.Select(t => t.ToDisplayString()))}); the leading parameters must be one of {overloads} (an instance method's receiver first), followed by the result and its adjoint";
        }

        // A rule for one element of a tuple result (Max(dim).Values) takes and returns that element's adjoint.
        var returns = match.Return;
        if (indexed == 1)
        {
            if (returns is not IArrayTypeSymbol list || rule.Parameters[leading.Count].Type.SpecialType != SpecialType.System_Int32)
            {
                return $"Element = \"[]\" is for an original that returns an array, and the parameter after the original's must be the int index";
            }

            returns = list.ElementType;
        }
        else if (returns is ITypeParameterSymbol)
        {
            // A generic result (Item<T>()): the rule's result type is the one it differentiates (double for Item<double>).
            returns = rule.Parameters[rule.Parameters.Length - 2].Type;
        }
        else if (element is not null)
        {
            if (returns is not INamedTypeSymbol { IsTupleType: true } elements || elements.TupleElements.FirstOrDefault(e => e.Name == element) is not { } field)
            {
                return $"Element = \"{element}\" names no element of the tuple '{name}' returns ('{returns.ToDisplayString()}')";
            }

            returns = field.Type;
        }

        var result = rule.Parameters[rule.Parameters.Length - 2].Type;
        var adjoint = rule.Parameters[rule.Parameters.Length - 1].Type;
        if (!SymbolEqualityComparer.Default.Equals(result, returns) || !SymbolEqualityComparer.Default.Equals(adjoint, returns))
        {
            return $"the last two parameters must be the result and its adjoint, both of type '{returns.ToDisplayString()}'";
        }

        var argument = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Argument").Value.Value as int? ?? -1;
        if (argument >= leading.Count)
        {
            return $"Argument = {argument} is out of range: the original has {leading.Count} parameter(s), counting an instance method's receiver";
        }

        var adjoints = rule.Parameters.Take(leading.Count)
            .Where((p, i) => argument >= 0 ? i == argument : Symbols.KindOf(p.Type) != ValueKind.None && !Symbols.HasAttribute(p, Symbols.NoDiffAttribute))
            .Select(p => p.Type)
            .ToList();
        if (adjoints.Count == 0)
        {
            return "the original has no differentiable parameter (double, float or Tensor), so it needs no rule";
        }

        var returned = rule.ReturnType is INamedTypeSymbol { IsTupleType: true } tuple
            ? tuple.TupleElements.Select(e => e.Type).ToList()
            : new List<ITypeSymbol> { rule.ReturnType };
        if (returned.Count != adjoints.Count || !returned.Zip(adjoints, AdjointFits).All(x => x))
        {
            var expected = adjoints.Count == 1 ? Display(adjoints[0]) : "(" + string.Join(", ", adjoints.Select(Display)) + ")";
            return $"it must return the adjoints of the differentiable parameters in order: '{expected}', not '{rule.ReturnType.ToDisplayString()}'";
        }

        return null;
    }

    // A list of tensors (Tensor[] or ReadOnlySpan<Tensor>) gets its adjoint back as a Tensor[].
    private static bool AdjointFits(ITypeSymbol returned, ITypeSymbol parameter) =>
        SymbolEqualityComparer.Default.Equals(returned, parameter)
        || (Symbols.KindOf(parameter) == ValueKind.TensorList && returned is IArrayTypeSymbol { ElementType: var element } && Symbols.KindOf(element) == ValueKind.Tensor);

    private static string Display(ITypeSymbol type) => Symbols.KindOf(type) == ValueKind.TensorList ? "AutoDiffGen.Tensor[]" : type.ToDisplayString();

    /// <summary>
    /// The original's overloads as (parameters with the receiver first, return type). The arithmetic operators of
    /// double and float are built in (no method symbols), so they are described here.
    /// </summary>
    private static IEnumerable<(ImmutableArray<ITypeSymbol> Parameters, ITypeSymbol Return)> Originals(INamedTypeSymbol type, string name)
    {
        if (type.SpecialType is SpecialType.System_Double or SpecialType.System_Single)
        {
            if (name is "op_Addition" or "op_Subtraction" or "op_Multiply" or "op_Division" or "op_Modulus")
            {
                yield return (ImmutableArray.Create<ITypeSymbol>(type, type), type);
            }
            else if (name is "op_UnaryNegation" or "op_UnaryPlus")
            {
                yield return (ImmutableArray.Create<ITypeSymbol>(type), type);
            }
        }

        foreach (var method in type.GetMembers(name).OfType<IMethodSymbol>())
        {
            var parameters = method.Parameters.Select(p => p.Type);
            yield return (method.IsStatic ? parameters.ToImmutableArray() : new ITypeSymbol[] { type }.Concat(parameters).ToImmutableArray(), method.ReturnType);
        }
    }
}

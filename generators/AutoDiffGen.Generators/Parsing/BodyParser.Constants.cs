using System.Collections.Immutable;
using System.Globalization;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// Constants: values that do not depend on a differentiable input, copied from the user's code as the compiler bound
/// them (<see cref="QualifiedExpression"/>), so the generated file compiles whatever the user's usings are.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>A value that does not depend on differentiable inputs: its own C#, with locals and parameters renamed.</summary>
    private int Constant(IOperation operation)
    {
        // Text that changes a variable cannot be copied (BodyParser.Effects.cs).
        if (HasEffects(operation))
        {
            return Decompose(operation);
        }

        if (operation is IParameterReferenceOperation or ILocalReferenceOperation or IInstanceReferenceOperation && Referenced(operation) is { } variable && _current.TryGetValue(variable, out var existing))
        {
            return existing;
        }

        if (operation.Type is { } type && !IsNameable(type))
        {
            Unsupported(operation, $"a value of the anonymous type of '{SourceText(operation)}' (use a tuple or a record instead)");
        }

        var text = operation.ConstantValue.HasValue ? Literal(operation)
            : operation.Parent is IArgumentOperation { ArgumentKind: ArgumentKind.DefaultValue, Parameter: { } parameter } ? DefaultArgument(parameter)
            : Rewrite(operation);
        return Add(new Op(
            OpKind.Constant,
            ValueKind.None,
            operation.Type is null ? "var" : Symbols.Global(operation.Type),
            text,
            ReadsOf(operation),
            null,
            ConstantName(operation),
            SourceText(operation),
            null));
    }

    // A const local has no variable of its own (see ParseStatement): each use is its value, named after it.
    private string ConstantName(IOperation operation) =>
        Unique(operation is ILocalReferenceOperation { Local.IsConst: true } constant ? constant.Local.Name + "_" : "_t" + _ops.Count.ToString(CultureInfo.InvariantCulture));

    /// <summary>Whether generated code can write the type (an anonymous type, or one built from it, has no name).</summary>
    private static bool IsNameable(ITypeSymbol type) => type switch
    {
        { IsAnonymousType: true } => false,
        IArrayTypeSymbol array => IsNameable(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.All(IsNameable) && (named.ContainingType is null || IsNameable(named.ContainingType)),
        _ => true,
    };

    /// <summary>
    /// An omitted optional argument whose default is not a C# constant of the parameter's type (null for an
    /// <c>int?</c>, <c>default</c> for a tuple): its syntax is the whole call, so it is written from the parameter.
    /// </summary>
    private static string DefaultArgument(IParameterSymbol parameter)
    {
        if (parameter.ExplicitDefaultValue is not { } value)
        {
            return "default(" + Symbols.Global(parameter.Type) + ")";
        }

        // The value of an int? or E? parameter is an int or E: written as one, then converted.
        var type = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : parameter.Type;
        return "(" + Symbols.Global(parameter.Type) + ")(" + QualifiedExpression.Constant(value, type) + ")";
    }

    private static string Literal(IOperation operation)
    {
        var value = operation.ConstantValue.Value;
        return value switch
        {
            double d => FormatDouble(d),
            float f => FormatFloat(f),
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "m",

            // null for a reference type is written so that a nullable context accepts it in a typed local.
            null => operation.Type?.IsReferenceType == true ? "default!" : "default",

            // An enum member (Reduction.Sum) is a number in the constant value: cast it back to the enum.
            _ when operation.Type?.TypeKind == TypeKind.Enum =>
                "(" + Symbols.Global(operation.Type) + ")(" + SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false) + ")",
            _ => SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false),
        };
    }

    private static string FormatDouble(double d) =>
        double.IsNaN(d) ? "double.NaN" : double.IsPositiveInfinity(d) ? "double.PositiveInfinity" : double.IsNegativeInfinity(d) ? "double.NegativeInfinity"
        : d.ToString("R", CultureInfo.InvariantCulture);

    private static string FormatFloat(float f) =>
        float.IsNaN(f) ? "float.NaN" : float.IsPositiveInfinity(f) ? "float.PositiveInfinity" : float.IsNegativeInfinity(f) ? "float.NegativeInfinity"
        : f.ToString("R", CultureInfo.InvariantCulture) + "f";

    /// <summary>
    /// The operation's C# for the generated file: bound like the user's code (see <see cref="QualifiedExpression"/>),
    /// with every local or parameter replaced by the variable holding its current value.
    /// </summary>
    private string Rewrite(IOperation operation, SyntaxNode? scope = null) => "(" + Qualify(operation.Syntax, operation, scope) + ")";

    /// <summary>
    /// <paramref name="syntax"/> rendered for the generated file; what cannot be rendered is reported at the user's
    /// code (ADG0004), so the generated file is never left with code that does not compile.
    /// </summary>
    private string Qualify(SyntaxNode syntax, IOperation operation, SyntaxNode? scope = null)
    {
        var model = operation.SemanticModel;
        if (model is null)
        {
            Unsupported(operation, "'" + SourceText(operation) + "' here");
            return syntax.ToString();
        }

        var (text, problems) = QualifiedExpression.Render(
            syntax,
            operation,
            model,
            _method,
            symbol => _current.TryGetValue(symbol, out var value) ? _ops[value].Name : null,
            _cancellationToken,
            scope,
            node => AggregateText(node, model));
        foreach (var (node, what) in problems)
        {
            var diagnostic = DiagnosticFactory.Create(DiagnosticDescriptors.UnsupportedConstruct.Id, node.GetLocation(), _methodName, what);
            if (!_diagnostics.Contains(diagnostic))
            {
                _diagnostics.Add(diagnostic);
            }
        }

        return text;
    }

    /// <summary>The array a params argument builds, as one constant (params of differentiable values are not supported).</summary>
    private int ParamsArray(IArrayCreationOperation array)
    {
        var elements = array.Initializer?.ElementValues ?? ImmutableArray<IOperation>.Empty;
        foreach (var element in elements)
        {
            if (DependsOnDifferentiable(element))
            {
                Unsupported(element, $"the differentiable value {Quote(element)} in a params argument is not supported; pass the values as one Tensor (Tensor.Stack) instead");
            }
        }

        var type = Symbols.Global(array.Type!);
        var text = "new " + type + " { " + string.Join(", ", elements.Select(e => e.ConstantValue.HasValue ? Literal(e) : Rewrite(e))) + " }";
        return Derived(type, text, ReadsOf(array));
    }

    /// <summary>
    /// The values a constant's text reads (the current values of the locals, parameters and <c>this</c> it mentions),
    /// in order of first mention: its <see cref="Op.Args"/>, so fusion and the reverse plan see that it reads them.
    /// </summary>
    private EquatableArray<int> ReadsOf(IOperation operation) => Reads(operation.DescendantsAndSelf()
        .SelectMany(o => Referenced(o) is { } variable && _current.TryGetValue(variable, out var value) ? new[] { value } : AggregateReads(o)));

    private static EquatableArray<int> Reads(IEnumerable<int> values) => new(values.Distinct().ToArray());

    /// <summary>
    /// A constant the parser writes itself (a flag, a loop test, a case test): <paramref name="text"/> is its C#, which
    /// reads the values in <paramref name="reads"/> by name (see <see cref="ReadsOf"/>).
    /// </summary>
    private int Derived(string type, string text, EquatableArray<int> reads, string source = "") =>
        Add(new Op(OpKind.Constant, ValueKind.None, type, text, reads.Count == 0 ? EquatableArray<int>.Empty : reads, null, Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)), source, null));
}

using System.Collections.Immutable;
using AutoDiffGen.Generators.Model;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>
/// ADG0007: an in-place operation (<c>AddInPlace</c>, <c>FillInPlace</c>, <c>CopyFrom</c>, an indexer write
/// <c>t[i] = …</c>, …) on a tensor that an earlier operation of the [Differentiable] method used, so the backward
/// pass would read the changed value (PyTorch's "a variable needed for gradient computation has been modified by an
/// inplace operation", found at compile time). Also reported: a mutation of a differentiable tensor parameter that
/// the method uses afterwards, since its gradient is with respect to the value it had on entry. Views of a tensor
/// (<c>x.T</c>, <c>x[0]</c>, <c>x.View(…)</c>) and aliases (<c>var y = x;</c>) are the same tensor; metadata
/// (<c>Shape</c>, <c>Size(…)</c>, <c>Item</c>, <c>ToString</c>) is no use. Branches and loops are followed on the
/// control flow graph: a use on any path to the mutation, or in a previous loop iteration, counts; a reassignment on
/// every path in between (<c>x = x * 2;</c>) makes a fresh tensor. Reported on the in-place method's name, or on the
/// indexer target <c>t[i]</c> of a write.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InPlaceMutationAnalyzer : DifferentiableMethodAnalyzer
{
    private static readonly Regex _whitespace = new(@"\s+", RegexOptions.CultureInvariant);

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.InPlaceMutation);

    // The findings are the parser's (MethodParser runs InPlaceFlow), so the generator emits nothing for a method
    // this rule reports, and the parser leaves the statement out of ADG0004: one mistake, one diagnostic.
    private protected override void Analyze(MethodContext context) => context.ReportParsed(DiagnosticDescriptors.InPlaceMutation);

    /// <summary>
    /// The in-place mutations of a method body that ADG0007 reports, as diagnostics, and the mutating operations; null
    /// when the flow could not follow the body (the parser then rejects every in-place statement on its own).
    /// </summary>
    internal static (List<DiagnosticModel> Diagnostics, HashSet<IOperation> Mutations)? Find(IMethodBodyOperation body, MethodDeclarationSyntax syntax, IMethodSymbol method, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticModel>();
        var mutations = new HashSet<IOperation>();

        // Most methods mutate nothing: a syntax scan spares them the control-flow graph (the editor-time budget).
        if (!MayMutate(syntax) || (body.BlockBody is null && body.ExpressionBody is null))
        {
            return (diagnostics, mutations);
        }

        IReadOnlyList<InPlaceFlow.Finding> findings;
        try
        {
            findings = InPlaceFlow.Run(body, method, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // A method the flow cannot follow gets no ADG0007; the parser rejects its in-place statements (ADG0004).
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }

        foreach (var finding in findings)
        {
            var (receiver, operation) = Describe(finding.Mutation);
            var variable = Root(receiver);
            mutations.Add(finding.Mutation);
            diagnostics.Add(DiagnosticFactory.Create(
                DiagnosticDescriptors.InPlaceMutation.Id,
                Location(finding.Mutation),
                method.Name,
                variable,
                operation,
                Text(finding.Use.Syntax),
                OutOfPlace(finding.Mutation, receiver is IArrayElementReferenceOperation ? Text(receiver.Syntax) : variable)));
        }

        return (diagnostics, mutations);
    }

    /// <summary>The mutated receiver and how the message names the mutation (<c>MulInPlace</c>, <c>x[0] = …</c>).</summary>
    private static (IOperation Receiver, string Operation) Describe(IOperation mutation) => mutation switch
    {
        IInvocationOperation invocation => (invocation.Instance!, invocation.TargetMethod.Name),
        IAssignmentOperation { Target: IPropertyReferenceOperation target } assignment =>
            (target.Instance!, Text(target.Syntax) + " " + (assignment.Syntax is AssignmentExpressionSyntax a ? a.OperatorToken.Text : "=") + " …"),
        _ => (mutation, Text(mutation.Syntax)),
    };

    /// <summary>The variable a receiver is (or is a view of); its source text when it is no variable.</summary>
    private static string Root(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    return local.Local.Name;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter.Name;
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IArrayElementReferenceOperation element:
                    operation = element.ArrayReference;
                    break;
                case IInvocationOperation { Instance: { } instance }:
                    operation = instance;
                    break;
                case IPropertyReferenceOperation { Instance: { } instance }:
                    operation = instance;
                    break;
                default:
                    return Text(operation.Syntax);
            }
        }
    }

    /// <summary>The out-of-place way to write the mutation, e.g. <c>x = x * …</c>.</summary>
    internal static string OutOfPlace(IOperation mutation, string v)
    {
        if (mutation is not IInvocationOperation invocation)
        {
            return $"{v} = {v}.Clone(); {v}[…] = …";
        }

        var name = invocation.TargetMethod.Name;
        return name switch
        {
            "AddInPlace" => $"{v} = {v} + …",
            "SubInPlace" => $"{v} = {v} - …",
            "MulInPlace" => $"{v} = {v} * …",
            "DivInPlace" => $"{v} = {v} / …",
            "NegInPlace" => $"{v} = -{v}",
            "FillInPlace" => $"{v} = Tensor.FullLike({v}, …)",
            "ZeroInPlace" => $"{v} = Tensor.ZerosLike({v})",
            "UniformInPlace" => $"{v} = Tensor.RandLike({v})",
            "NormalInPlace" => $"{v} = Tensor.RandnLike({v})",
            "CopyFrom" => $"{v} = …",
            _ when name.EndsWith("InPlace", StringComparison.Ordinal) =>
                $"{v} = {v}.{name.Substring(0, name.Length - "InPlace".Length)}({(invocation.Arguments.IsEmpty ? "" : "…")})",
            _ => $"{v} = {v}.Clone()",
        };
    }

    /// <summary>The in-place method's name in <c>x.MulInPlace(2)</c>; the target <c>x[0]</c> of an indexer write.</summary>
    private static Location Location(IOperation mutation) => mutation.Syntax switch
    {
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.GetLocation(),
        InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } => binding.Name.GetLocation(),
        AssignmentExpressionSyntax assignment => assignment.Left.GetLocation(),
        var syntax => syntax.GetLocation(),
    };

    private static string Text(SyntaxNode syntax) => _whitespace.Replace(syntax.ToString(), " ");

    private static bool MayMutate(MethodDeclarationSyntax syntax) =>
        syntax.DescendantNodes().Any(static node => node switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } } => IsMutating(name),
            InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: var name } } => IsMutating(name),
            AssignmentExpressionSyntax { Left: ElementAccessExpressionSyntax } => true,
            _ => false,
        });

    private static bool IsMutating(string name) => name.EndsWith("InPlace", StringComparison.Ordinal) || name == "CopyFrom";
}

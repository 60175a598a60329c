using System.Collections.Immutable;
using System.Composition;
using AutoDiffGen.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.CodeFixes;

/// <summary>
/// ADG0002 on a parameter (a type with no derivative) and ADG0006 (a parameter the result does not depend on):
/// marks the parameter <c>[NoDiff]</c>, saying it is data, not something to differentiate with respect to.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddNoDiffCodeFix)), Shared]
public sealed class AddNoDiffCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "AutoDiffGen.AddNoDiff";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnsupportedType.Id, DiagnosticDescriptors.ZeroGradient.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span) is not ParameterSyntax parameter)
        {
            // ADG0002 on a result type has no mechanical fix: the method must return double, float or Tensor.
            return;
        }

        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var name = AttributeName(semanticModel, parameter.SpanStart);
        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Mark '{parameter.Identifier.ValueText}' [NoDiff]",
                    ct => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(parameter, AddAttribute(parameter, name)))),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static ParameterSyntax AddAttribute(ParameterSyntax parameter, string name)
    {
        var attribute = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.ParseName(name))))
            .WithLeadingTrivia(parameter.GetLeadingTrivia())
            .WithTrailingTrivia(SyntaxFactory.Space);
        return parameter.WithoutLeadingTrivia().WithAttributeLists(parameter.AttributeLists.Insert(0, attribute));
    }

    // "NoDiff" where it binds (a using of AutoDiffGen is in scope), else the qualified name.
    private static string AttributeName(SemanticModel? semanticModel, int position)
    {
        var info = semanticModel?.GetSpeculativeSymbolInfo(position, SyntaxFactory.IdentifierName("NoDiffAttribute"), SpeculativeBindingOption.BindAsTypeOrNamespace);
        return info?.Symbol?.ToDisplayString() == "AutoDiffGen.NoDiffAttribute" ? "NoDiff" : "AutoDiffGen.NoDiff";
    }
}

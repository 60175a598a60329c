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
/// ADG0003: a call to a method with no derivative. When the callee's source is in the solution, marks it
/// <c>[Differentiable]</c> so its gradient is generated too (the callee may then get diagnostics of its own).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MarkDifferentiableCodeFix)), Shared]
public sealed class MarkDifferentiableCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "AutoDiffGen.MarkDifferentiable";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.NoDerivative.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        var node = root.FindNode(context.Span, getInnermostNodeForTie: true);
        var invocation = node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (invocation is null || semanticModel.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol callee)
        {
            return;
        }

        var declaration = callee.OriginalDefinition.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(context.CancellationToken))
            .OfType<MethodDeclarationSyntax>()
            .FirstOrDefault(d => d.Body is not null || d.ExpressionBody is not null);
        var document = declaration is null ? null : context.Document.Project.Solution.GetDocument(declaration.SyntaxTree);
        if (declaration is null || document is null)
        {
            // The callee is in a compiled assembly: only a [DerivativeOf] rule can help, which needs a human.
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Mark '{callee.Name}' [Differentiable]",
                    ct => MarkAsync(document, declaration, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Solution> MarkAsync(Document document, MethodDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var current = root?.FindNode(declaration.Span) as MethodDeclarationSyntax;
        if (root is null || current is null)
        {
            return document.Project.Solution;
        }

        var info = semanticModel?.GetSpeculativeSymbolInfo(current.SpanStart, SyntaxFactory.IdentifierName("DifferentiableAttribute"), SpeculativeBindingOption.BindAsTypeOrNamespace);
        var name = info?.Symbol?.ToDisplayString() == "AutoDiffGen.DifferentiableAttribute" ? "Differentiable" : "AutoDiffGen.Differentiable";

        // The attribute goes on its own line above the method (after its doc comment), indented like it.
        var leading = current.GetLeadingTrivia();
        var indentation = leading.LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        var endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var attribute = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.ParseName(name))))
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(indentation == default
                ? SyntaxFactory.TriviaList(endOfLine == default ? SyntaxFactory.EndOfLine("\n") : endOfLine)
                : SyntaxFactory.TriviaList(endOfLine == default ? SyntaxFactory.EndOfLine("\n") : endOfLine, indentation));
        var bare = current.WithoutLeadingTrivia();
        var updated = bare.WithAttributeLists(bare.AttributeLists.Insert(0, attribute));
        return document.WithSyntaxRoot(root.ReplaceNode(current, updated)).Project.Solution;
    }
}

using System.Collections.Immutable;
using System.Composition;
using AutoDiffGen.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.CodeFixes;

/// <summary>ADG0001: adds <c>partial</c> to the method's type and every type that encloses it, where missing.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix)), Shared]
public sealed class MakePartialCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "AutoDiffGen.MakePartial";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.NotPartial.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var method = root?.FindNode(context.Span).FirstAncestorOrSelf<MethodDeclarationSyntax>();
        if (root is null || method is null || !NonPartialTypes(method).Any())
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create("Make the types partial", ct => Task.FromResult(context.Document.WithSyntaxRoot(MakePartial(root, method))), EquivalenceKey),
                diagnostic);
        }
    }

    private static IEnumerable<TypeDeclarationSyntax> NonPartialTypes(MethodDeclarationSyntax method) =>
        method.Ancestors().OfType<TypeDeclarationSyntax>().Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static SyntaxNode MakePartial(SyntaxNode root, MethodDeclarationSyntax method) =>
        root.ReplaceNodes(NonPartialTypes(method), (_, type) =>
        {
            // partial goes last among the modifiers, right before class/struct/record; the keyword's leading trivia
            // (a doc comment, indentation) moves to it when there are no other modifiers.
            if (type.Modifiers.Count == 0)
            {
                var keyword = type.Keyword;
                var partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
                return type.WithKeyword(keyword.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(partial));
            }

            return type.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        });
}

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
/// ADG0001 (on a [Differentiable] method) and ADG0011 (on a model class): adds <c>partial</c> to the type and every
/// type that encloses it, where missing, so the generator can add the gradient methods or the model's members.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix)), Shared]
public sealed class MakePartialCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "AutoDiffGen.MakePartial";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.NotPartial.Id, DiagnosticDescriptors.ModelNotPartial.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        // ADG0001 is on a method's name, ADG0011 on a class's name: either way the node and the types around it.
        var declaration = root?.FindNode(context.Span).FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is MethodDeclarationSyntax or TypeDeclarationSyntax);
        if (root is null || declaration is null || !NonPartialTypes(declaration).Any())
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create("Make the types partial", ct => Task.FromResult(context.Document.WithSyntaxRoot(MakePartial(root, declaration))), EquivalenceKey),
                diagnostic);
        }
    }

    private static IEnumerable<TypeDeclarationSyntax> NonPartialTypes(MemberDeclarationSyntax declaration) =>
        declaration.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static SyntaxNode MakePartial(SyntaxNode root, MemberDeclarationSyntax declaration) =>
        root.ReplaceNodes(NonPartialTypes(declaration), (_, type) =>
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

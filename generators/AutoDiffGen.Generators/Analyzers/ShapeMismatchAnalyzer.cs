using System.Collections.Immutable;
using AutoDiffGen.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>
/// ADG0008: an operation whose operand shapes certainly do not fit (a matrix product of 3x2 and 3x2, adding [2, 3]
/// and [4], viewing 6 elements as [5, 2]). Works in any method body, not only [Differentiable] ones: a forward pass
/// over the body tracks the shapes of Tensor locals created with literal sizes (see <see cref="ShapeWalker"/>) and
/// reports only what is provable, so an unknown or conditionally assigned shape never produces a diagnostic. Code that
/// expects the error (inside a try that catches TensorShapeException, or in <c>Assert.Throws&lt;TensorShapeException&gt;(() =&gt; …)</c>)
/// is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ShapeMismatchAnalyzer : DiagnosticAnalyzer
{
    private const string ShapeExceptionType = "AutoDiffGen.TensorShapeException";

    // A known shape starts at one of these calls; a body that names none of them has nothing to check.
    private static readonly ImmutableHashSet<string> _shapeSources = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "Zeros",
        "Ones",
        "Empty",
        "Full",
        "Rand",
        "Randn",
        "RandInt",
        "RandPerm",
        "Bernoulli",
        "FromArray",
        "Scalar",
        "Eye",
        "Arange",
        "Linspace",
        "View",
        "Reshape",
        "Expand");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ShapeMismatch);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var tensor = start.Compilation.GetTypeByMetadataName(Symbols.TensorType);
            var shapeException = start.Compilation.GetTypeByMetadataName(ShapeExceptionType);
            if (tensor is not null)
            {
                start.RegisterOperationBlockAction(block => Analyze(block, tensor, shapeException));
            }
        });
    }

    private static void Analyze(OperationBlockAnalysisContext context, INamedTypeSymbol tensor, INamedTypeSymbol? shapeException)
    {
        foreach (var block in context.OperationBlocks)
        {
            if (!MentionsShapeSource(block.Syntax))
            {
                continue;
            }

            try
            {
                ShapeWalker.Analyze(block, tensor, shapeException, context.ReportDiagnostic, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
#pragma warning disable CA1031 // An analyzer must never fail the build (AD0001): a body it cannot follow is simply not checked.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private static bool MentionsShapeSource(SyntaxNode syntax)
    {
        foreach (var token in syntax.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && _shapeSources.Contains(token.ValueText))
            {
                return true;
            }
        }

        return false;
    }
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>ADG0001: a [Differentiable] method in a type (or nested in a type) that is not partial, so its gradient cannot be added.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NotPartialAnalyzer : DifferentiableMethodAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.NotPartial);

    private protected override void Analyze(MethodContext context) => context.ReportParsed(DiagnosticDescriptors.NotPartial);
}

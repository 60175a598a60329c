using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>ADG0004: a statement or expression the differentiator does not handle (goto, try, lock, lambdas capturing differentiable values, writes to fields, …).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsupportedConstructAnalyzer : DifferentiableMethodAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnsupportedConstruct);

    private protected override void Analyze(MethodContext context) => context.ReportParsed(DiagnosticDescriptors.UnsupportedConstruct);
}

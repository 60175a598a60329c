using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>ADG0002: a parameter or result whose type has no derivative (only double, float and Tensor have one).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsupportedTypeAnalyzer : DifferentiableMethodAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnsupportedType);

    private protected override void Analyze(MethodContext context) => context.ReportParsed(DiagnosticDescriptors.UnsupportedType);
}

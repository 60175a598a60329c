using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>
/// ADG0014: a [Differentiable] method that an override can replace at run time (virtual, abstract, an override that
/// is not sealed, or an override of a [Differentiable] method), or a call to one. The generated gradient is bound
/// at compile time, so it would differentiate the declared body while the override runs: silently wrong gradients.
/// The parser finds these (<see cref="Parsing.Symbols.Overridable"/>) and the generator emits nothing for them, so
/// the compiler reports no hidden members (CS0108) in generated code.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class VirtualDifferentiableAnalyzer : DifferentiableMethodAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.VirtualDifferentiable);

    private protected override void Analyze(MethodContext context) => context.ReportParsed(DiagnosticDescriptors.VirtualDifferentiable);
}

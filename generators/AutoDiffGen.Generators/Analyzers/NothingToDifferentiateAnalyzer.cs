using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>ADG0010: a [Differentiable] method none of whose parameters is differentiable, so it has no gradient.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NothingToDifferentiateAnalyzer : DifferentiableMethodAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.NothingToDifferentiate);

    private protected override void Analyze(MethodContext context)
    {
        // A generic method's parameters of type T are reported with the method itself (ADG0004), not as missing.
        if (!context.Method.IsGenericMethod && context.Model.Parameters.All(p => !p.Differentiable) && context.Model.Diagnostics.All(d => d.Id != DiagnosticDescriptors.UnsupportedType.Id))
        {
            context.Report(DiagnosticDescriptors.NothingToDifferentiate, context.Syntax.Identifier.GetLocation(), context.Method.Name);
        }
    }
}

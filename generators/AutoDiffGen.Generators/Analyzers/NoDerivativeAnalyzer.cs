using System.Collections.Immutable;
using AutoDiffGen.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>ADG0003: a call on the gradient's path to a method that is neither [Differentiable] nor has a [DerivativeOf] rule.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoDerivativeAnalyzer : DifferentiableMethodAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.NoDerivative);

    private protected override void Analyze(MethodContext context)
    {
        if (context.Model.Diagnostics.Any(d => DiagnosticDescriptors.IsError(d.Id)))
        {
            // The parser already found what blocks this method; a half-parsed body would give misleading calls.
            return;
        }

        foreach (var missing in RuleCheck.MissingDerivatives(context.Model, context.Analysis.Rules(context.CancellationToken)))
        {
            context.Report(DiagnosticDescriptors.NoDerivative, context.Location(missing.Location), missing.Arguments.ToArray());
        }
    }
}

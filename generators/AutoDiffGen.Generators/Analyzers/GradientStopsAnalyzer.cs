using System.Collections.Immutable;
using AutoDiffGen.Generators.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>
/// ADG0005: a differentiable value flows into something that carries no gradient: a cast to an integer, a
/// comparison used as a value, or an operation whose rule is marked StopsGradient (Floor, Round, Sign, ArgMax).
/// A warning, since it may be intended; <c>.Detach()</c> on the operand says so and silences it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GradientStopsAnalyzer : DifferentiableMethodAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.GradientStops);

    private protected override void Analyze(MethodContext context)
    {
        context.ReportParsed(DiagnosticDescriptors.GradientStops);
        if (context.Model.Diagnostics.Any(d => DiagnosticDescriptors.IsError(d.Id)))
        {
            return;
        }

        foreach (var op in RuleCheck.GradientStops(context.Model, context.Analysis.Rules(context.CancellationToken)))
        {
            var key = op.OriginalKey!;
            var open = key.IndexOf('(');
            var name = key.Substring(0, open);
            var typeDot = name.LastIndexOf('.', name.LastIndexOf('.') - 1);
            context.Report(
                DiagnosticDescriptors.GradientStops,
                context.Location(op.Location),
                context.Method.Name,
                op.Source,
                $"'{name.Substring(typeDot + 1)}' has a zero derivative wherever it has one");
        }
    }
}

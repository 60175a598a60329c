using System.Collections.Immutable;
using AutoDiffGen.Generators.Emitting;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>
/// ADG0006: a differentiable parameter that no path leads from to the result, so its gradient is always zero
/// (usually a typo, or data that should be [NoDiff]). Reported on the parameter; the code fix adds [NoDiff].
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ZeroGradientAnalyzer : DifferentiableMethodAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ZeroGradient);

    private protected override void Analyze(MethodContext context)
    {
        var model = context.Model;
        if (model.Result < 0 || model.Diagnostics.Any(d => DiagnosticDescriptors.IsError(d.Id)))
        {
            return;
        }

        var active = GradientEmitter.ActiveOps(model, context.Analysis.Rules(context.CancellationToken));
        for (var i = 0; i < model.Ops.Count; i++)
        {
            var op = model.Ops[i];
            if (op.Kind == OpKind.Parameter && !active.Contains(i)
                && context.Method.Parameters.FirstOrDefault(p => p.Name == op.Name) is { } parameter
                && parameter.Ordinal < context.Syntax.ParameterList.Parameters.Count)
            {
                context.Report(DiagnosticDescriptors.ZeroGradient, context.Syntax.ParameterList.Parameters[parameter.Ordinal].GetLocation(), context.Method.Name, parameter.Name);
            }
        }
    }
}

using AutoDiffGen.Generators.Emitting;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Rules;

/// <summary>
/// Checks of a method's operations against the rules, shared by the emitter (which will not emit code that calls a
/// missing rule) and the analyzers (which report it as the user types).
/// </summary>
internal static class RuleCheck
{
    /// <summary>ADG0003 for every operation on the gradient's path that has neither a rule nor a pullback.</summary>
    public static List<DiagnosticModel> MissingDerivatives(MethodModel method, EquatableArray<DerivativeRule> rules)
    {
        var keys = new HashSet<string>(rules.Where(r => r.Argument < 0).Select(r => r.OriginalKey), StringComparer.Ordinal);
        var diagnostics = new List<DiagnosticModel>();
        foreach (var i in GradientEmitter.ActiveOps(method, rules).OrderBy(i => i))
        {
            var op = method.Ops[i];
            if (op.Kind == OpKind.Call && op.Callee is null && op.Member is null && !keys.Contains(op.OriginalKey!))
            {
                var key = op.OriginalKey!;
                var open = key.IndexOf('(');
                var dot = key.LastIndexOf('.', open);
                diagnostics.Add(DiagnosticFactory.Create(DiagnosticDescriptors.NoDerivative.Id, op.Location, method.Name, key, key.Substring(0, dot), key.Substring(dot + 1, open - dot - 1)));
            }
        }

        return diagnostics;
    }

    /// <summary>The operations on the gradient's path whose rule is zero by nature (Floor, Round, ArgMax, …).</summary>
    public static IEnumerable<Op> GradientStops(MethodModel method, EquatableArray<DerivativeRule> rules)
    {
        var stopping = new HashSet<string>(rules.Where(r => r.StopsGradient).Select(r => r.OriginalKey), StringComparer.Ordinal);
        return GradientEmitter.ActiveOps(method, rules).OrderBy(i => i)
            .Select(i => method.Ops[i])
            .Where(op => op.Kind == OpKind.Call && op.OriginalKey is not null && stopping.Contains(op.OriginalKey));
    }
}

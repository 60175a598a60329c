using System.Collections.Immutable;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// Finds the [Differentiable] methods whose gradient is not generated: those with an error of their own, and those
/// that call one (directly or through other methods). A caller of such a method would refer to a WithPullback and a
/// Pullback type that do not exist, so it gets a diagnostic naming the callee instead of generated code that does
/// not compile. Computed from every method's model (key, callees, whether it has an error), like <see cref="CallCycles"/>.
/// </summary>
internal static class CalleeFailures
{
    public static EquatableArray<string> Find(ImmutableArray<(string Key, EquatableArray<string> Callees, bool Failed)> methods)
    {
        var failed = new SortedSet<string>(methods.Where(m => m.Failed).Select(m => m.Key), StringComparer.Ordinal);

        // Callers of a failed method fail in turn, until nothing changes (a cycle through a failed method fails whole).
        for (var changed = failed.Count > 0; changed;)
        {
            changed = false;
            foreach (var (key, callees, _) in methods)
            {
                if (!failed.Contains(key) && callees.Any(failed.Contains))
                {
                    failed.Add(key);
                    changed = true;
                }
            }
        }

        return new EquatableArray<string>(failed.ToArray());
    }

    /// <summary>
    /// The diagnostic for <paramref name="method"/> when a method it calls is in <paramref name="failed"/> (at the
    /// first such call), or null when none is.
    /// </summary>
    public static DiagnosticModel? Diagnostic(MethodModel method, EquatableArray<string> failed)
    {
        var call = method.Ops.FirstOrDefault(o => o.Callee is { Key: { Length: > 0 } key } && failed.Contains(key));
        if (call is null)
        {
            return null;
        }

        var callee = call.Callee!.Method.Replace("global::", string.Empty);
        var name = callee.Substring(callee.LastIndexOf('.') + 1);
        return DiagnosticFactory.Create(
            DiagnosticDescriptors.UnsupportedConstruct.Id,
            call.Location,
            method.Name,
            $"it calls '{callee}', whose gradient cannot be generated; fix the errors reported on '{name}' (or on the methods it calls) first");
    }
}

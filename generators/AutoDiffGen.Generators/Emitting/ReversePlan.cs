using System.Globalization;
using AutoDiffGen.Generators.Model;
using AutoDiffGen.Generators.Parsing;

namespace AutoDiffGen.Generators.Emitting;

/// <summary>
/// The reverse pass of one method: which values it reads (so a pullback saves exactly those), the names of
/// generated variables, and the code that walks the operations backwards calling derivative rules.
/// </summary>
internal sealed class ReversePlan
{
    private readonly MethodModel _method;
    private readonly Dictionary<string, DerivativeRule> _rules;
    private readonly HashSet<int> _active;
    private readonly HashSet<string> _names;
    private readonly Dictionary<int, string> _pullbacks = new();

    private readonly Dictionary<(string, int), DerivativeRule> _perArgument;

    public ReversePlan(MethodModel method, Dictionary<string, DerivativeRule> rules, Dictionary<(string, int), DerivativeRule> perArgument, HashSet<int> active)
    {
        _perArgument = perArgument;
        _method = method;
        _rules = rules;
        _active = active;
        _names = new HashSet<string>(method.Ops.Select(o => o.Name).Concat(method.Parameters.Select(p => p.Name)), StringComparer.Ordinal);
        Differentiable = method.Parameters.Where(p => p.Differentiable).ToList();
        Reach = ComputeReach(method, Differentiable);
        Structured = method.Body.Any(i => i.Kind != ItemKind.Op);
        GradientType = Differentiable.Count == 1
            ? AdjointType(Differentiable[0])
            : "(" + string.Join(", ", Differentiable.Select(p => AdjointType(p) + " " + p.Name)) + ")";

        var ops = method.Ops;
        for (var i = 0; i < ops.Count; i++)
        {
            if (ops[i].Callee is not null)
            {
                _pullbacks[i] = Unique(ops[i].Name + "_pullback");
            }
        }

        // The values the reverse pass reads: the inputs and result of every active rule-based operation, and the
        // pullbacks of active calls to other [Differentiable] methods.
        var saved = new SortedSet<int>();
        for (var i = 0; i < ops.Count; i++)
        {
            // Differentiable parameters are always kept: an unused one still needs its shape for a zero gradient.
            if (ops[i].Kind == OpKind.Parameter)
            {
                saved.Add(i);
            }
        }

        foreach (var i in active)
        {
            // A rule reads the operation's inputs and result; a called method's pullback already holds its own.
            if (ops[i].Kind != OpKind.Call || ops[i].Callee is not null)
            {
                continue;
            }

            saved.Add(i);
            foreach (var a in ops[i].Args)
            {
                saved.Add(a);
            }
        }

        // Branch conditions decide which branch the reverse pass walks.
        foreach (var condition in Conditions(method.Body))
        {
            saved.Add(condition);
        }

        // Values defined inside a loop are pushed per iteration; the pullback keeps the stacks instead.
        var needed = new HashSet<int>(saved.Where(i => ops[i].Kind != OpKind.Parameter));
        foreach (var loop in LoopPlan.All(method.Body))
        {
            var plan = new LoopPlan(loop, ops, needed, active, i => _pullbacks.TryGetValue(i, out var p) ? p : null, Unique);
            Loops[loop.Op] = plan;
        }

        Saved = saved.Select(i => (ops[i].Name, ops[i].TypeName))
            .Concat(_pullbacks.Where(p => active.Contains(p.Key)).OrderBy(p => p.Key).Select(p => (p.Value, ops[p.Key].Callee!.PullbackType)))
            .ToList();
        if (!saved.Contains(method.Result) && ops[method.Result].Kind != OpKind.Call)
        {
            Saved.Add((ops[method.Result].Name, ops[method.Result].TypeName));
        }

        foreach (var loop in Loops.Values)
        {
            Stacks.Add((loop.CountStack, "global::AutoDiffGen.Internal.ValueStack<int>"));
            Stacks.AddRange(loop.Pushed.Select(p => (p.Stack, $"global::AutoDiffGen.Internal.ValueStack<{p.Type}>")));
        }

        Saved.AddRange(Stacks);
    }

    public List<ParameterModel> Differentiable { get; }

    /// <summary>
    /// Per value, the differentiable parameters (bit j: Differentiable[j]) it depends on; null when there are more
    /// than 64 of them. A pullback invoked with a mask of wanted gradients skips the rules whose adjoints reach none.
    /// </summary>
    public ulong[]? Reach { get; }

    /// <summary>The condition under which value <paramref name="value"/>'s adjoint is needed, or null when always (no mask).</summary>
    public string? Need(int value, string? wanted)
    {
        if (wanted is null || Reach is null)
        {
            return null;
        }

        return $"({wanted} & 0x{Reach[value].ToString("X", CultureInfo.InvariantCulture)}UL) != 0";
    }

    /// <summary>
    /// The mask passed to a called method's pullback: bit j asks for the adjoint of its j-th differentiable argument,
    /// set where that argument is active here and (inside a masked pullback) its adjoint is needed.
    /// </summary>
    public string CalleeMask(int i, string? wanted)
    {
        var op = _method.Ops[i];
        var returned = Enumerable.Range(0, op.Args.Count).Where(k => op.Callee!.DifferentiableArgs[k]).ToList();
        if (wanted is null || Reach is null)
        {
            var mask = 0UL;
            for (var j = 0; j < returned.Count && j < 64; j++)
            {
                mask |= _active.Contains(op.Args[returned[j]]) ? 1UL << j : 0;
            }

            return "0x" + mask.ToString("X", CultureInfo.InvariantCulture) + "UL";
        }

        var parts = new List<string>();
        for (var j = 0; j < returned.Count && j < 64; j++)
        {
            if (_active.Contains(op.Args[returned[j]]))
            {
                parts.Add($"({Need(op.Args[returned[j]], wanted)} ? 0x{(1UL << j).ToString("X", CultureInfo.InvariantCulture)}UL : 0UL)");
            }
        }

        return parts.Count == 0 ? "0UL" : "(" + string.Join(" | ", parts) + ")";
    }

    private static ulong[]? ComputeReach(MethodModel method, List<ParameterModel> differentiable)
    {
        if (differentiable.Count > 64)
        {
            return null;
        }

        var ops = method.Ops;
        var reach = new ulong[ops.Count];
        for (var changed = true; changed;)
        {
            changed = false;
            for (var i = 0; i < ops.Count; i++)
            {
                var r = 0UL;
                if (ops[i].Kind == OpKind.Parameter)
                {
                    var j = differentiable.FindIndex(p => p.Name == ops[i].Template);
                    r = j >= 0 ? 1UL << j : 0;
                }

                // A constant carries no gradient, whatever values its text reads.
                foreach (var a in ops[i].Kind == OpKind.Constant ? EquatableArray<int>.Empty : ops[i].Args)
                {
                    r |= reach[a];
                }

                if (r != reach[i])
                {
                    reach[i] = r;
                    changed = true;
                }
            }
        }

        return reach;
    }

    /// <summary>True when the body has branches: values and adjoints are then declared up front.</summary>
    public bool Structured { get; }

    /// <summary>The loops by their condition value, with what each keeps per iteration.</summary>
    public Dictionary<int, LoopPlan> Loops { get; } = new();

    /// <summary>The stacks of all loops, (name, type): locals of WithGradient, fields of the pullback.</summary>
    public List<(string Name, string Type)> Stacks { get; } = new();

    public string GradientType { get; }

    /// <summary>Fields of the pullback: (name, type), in a fixed order.</summary>
    public List<(string Name, string Type)> Saved { get; }

    public string PullbackName(int op) => _pullbacks[op];

    public string Unique(string name)
    {
        var candidate = name;
        for (var n = 2; !_names.Add(candidate); n++)
        {
            candidate = name + "_" + n.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    /// <summary>
    /// The rule calls that give the adjoints of a rule-based operation's active arguments: (call, argument positions
    /// it returns). One call to the rule; or, when some returned adjoint would be discarded and per-argument rules
    /// cover every active one, one call per active argument.
    /// </summary>
    public List<(string Call, List<int> Returned)> RuleCalls(int i, string adjoint)
    {
        var ops = _method.Ops;
        var op = ops[i];
        if (op.Member is { } member)
        {
            // A model's member: its adjoint is the receiver's gradient with only that member set.
            var receiver = ops[op.Args[0]];
            return [($"{Symbols.ModuleGradient(receiver.TypeName)}.Of({receiver.Name}, @{member}: {adjoint})", new List<int> { 0 })];
        }

        var rule = _rules[op.OriginalKey!];
        var args = ArgumentList(i);
        var returned = Enumerable.Range(0, op.Args.Count).Where(k => rule.ReturnsAdjoint[k]).ToList();
        var wanted = returned.Where(k => _active.Contains(op.Args[k])).ToList();
        if (wanted.Count < returned.Count && wanted.All(k => _perArgument.ContainsKey((op.OriginalKey!, k))))
        {
            return wanted.Select(k => ($"{_perArgument[(op.OriginalKey!, k)].RuleMethod}({args}, {op.Name}, {adjoint})", new List<int> { k })).ToList();
        }

        return [($"{rule.RuleMethod}({args}, {op.Name}, {adjoint})", returned)];
    }

    /// <summary>The one call to the operation's rule that returns all its adjoints: (call, argument positions it returns).</summary>
    public (string Call, List<int> Returned) FullRuleCall(int i, string adjoint)
    {
        var op = _method.Ops[i];
        var rule = _rules[op.OriginalKey!];
        return ($"{rule.RuleMethod}({ArgumentList(i)}, {op.Name}, {adjoint})", Enumerable.Range(0, op.Args.Count).Where(k => rule.ReturnsAdjoint[k]).ToList());
    }

    /// <summary>The per-argument rule call for argument <paramref name="k"/>, or null when the operation has none.</summary>
    public string? ArgumentRuleCall(int i, int k, string adjoint)
    {
        var op = _method.Ops[i];
        return op.OriginalKey is { } key && _perArgument.TryGetValue((key, k), out var rule)
            ? $"{rule.RuleMethod}({ArgumentList(i)}, {op.Name}, {adjoint})"
            : null;
    }

    private string ArgumentList(int i) => string.Join(", ", _method.Ops[i].Args.Select(a => _method.Ops[a].Name));

    private static IEnumerable<int> Conditions(EquatableArray<Item> items) =>
        items.Where(i => i.Kind != ItemKind.Op).SelectMany(i =>
            (i.Kind == ItemKind.If ? new[] { i.Op } : Array.Empty<int>()).Concat(Conditions(i.Then)).Concat(Conditions(i.Else)));

    /// <summary>Writes the reverse pass seeded with <paramref name="seed"/>; returns the expression of the gradient(s).</summary>
    public string EmitReverse(CodeWriter w, string seed, string? wanted = null)
    {
        // A masked reverse pass guards each step, so its adjoints are declared up front as with branches.
        if (Structured || (wanted is not null && Reach is not null))
        {
            return new StructuredReverse(this, _method, _active, _pullbacks, Reach is null ? null : wanted).Emit(w, seed);
        }

        var ops = _method.Ops;
        var result = ops[_method.Result];
        var adjoints = new Dictionary<int, string>();
        var scope = new HashSet<string>(_names, StringComparer.Ordinal);
        string Local(string name)
        {
            var candidate = name;
            for (var n = 2; !scope.Add(candidate); n++)
            {
                candidate = name + "_" + n.ToString(CultureInfo.InvariantCulture);
            }

            return candidate;
        }

        string Adjoint(Op op) => Local("_d" + (op.Name.StartsWith("_", StringComparison.Ordinal) ? op.Name : "_" + op.Name.TrimStart('@')));

        if (_active.Contains(_method.Result))
        {
            adjoints[_method.Result] = Adjoint(result);
            w.Line($"var {adjoints[_method.Result]} = {seed};");
        }

        for (var i = ops.Count - 1; i >= 0; i--)
        {
            var op = ops[i];
            if (op.Kind == OpKind.Pack && _active.Contains(i) && adjoints.TryGetValue(i, out var list))
            {
                // A list's adjoint is split back to its elements.
                for (var k = 0; k < op.Args.Count; k++)
                {
                    var element = op.Args[k];
                    if (!_active.Contains(element))
                    {
                        continue;
                    }

                    var part = $"{list}[{k.ToString(CultureInfo.InvariantCulture)}]";
                    if (adjoints.TryGetValue(element, out var existingPart))
                    {
                        w.Line($"{existingPart} = {existingPart} + {part};");
                    }
                    else
                    {
                        adjoints[element] = Adjoint(ops[element]);
                        w.Line($"var {adjoints[element]} = {part};");
                    }
                }

                continue;
            }

            if (op.Kind != OpKind.Call || !_active.Contains(i) || !adjoints.ContainsKey(i))
            {
                continue;
            }

            var calls = op.Callee is { } callee
                ? [($"{_pullbacks[i]}.Invoke({adjoints[i]}, {CalleeMask(i, null)})", Enumerable.Range(0, op.Args.Count).Where(k => callee.DifferentiableArgs[k]).ToList())]
                : RuleCalls(i, adjoints[i]);
            foreach (var (call, returned) in calls)
            {
                var targets = returned.Select(k => _active.Contains(op.Args[k]) ? Local($"_g{i}_{k}") : "_").ToList();
                if (targets.Count == 0 || targets.All(t => t == "_"))
                {
                    continue;
                }

                var comment = GradientEmitter.Comment(op, " adjoint of ");
                w.Line(targets.Count == 1 ? $"var {targets[0]} = {call};{comment}" : $"var ({string.Join(", ", targets)}) = {call};{comment}");
                for (var r = 0; r < returned.Count; r++)
                {
                    if (targets[r] == "_")
                    {
                        continue;
                    }

                    var argIndex = op.Args[returned[r]];
                    var contribution = Lift(i, returned[r], targets[r]);
                    if (adjoints.TryGetValue(argIndex, out var existing))
                    {
                        w.Line($"{existing} = {existing} + {contribution};");
                    }
                    else
                    {
                        adjoints[argIndex] = Adjoint(ops[argIndex]);
                        w.Line($"var {adjoints[argIndex]} = {contribution};");
                    }
                }
            }
        }

        var gradients = new List<string>();
        foreach (var parameter in Differentiable)
        {
            var index = Enumerable.Range(0, ops.Count).First(k => ops[k].Kind == OpKind.Parameter && ops[k].Template == parameter.Name);
            gradients.Add(adjoints.TryGetValue(index, out var name) ? name : Zero(parameter));
        }

        return gradients.Count == 1 ? gradients[0] : "(" + string.Join(", ", gradients) + ")";
    }

    /// <summary>
    /// The adjoint of argument <paramref name="k"/> that a called method's pullback returned, as the argument's own
    /// adjoint type: a model passed where the callee declares its base model gets the base's gradient back, lifted here.
    /// </summary>
    public string Lift(int i, int k, string adjoint)
    {
        var op = _method.Ops[i];
        return op.Callee is { } callee && k < callee.ModelArgs.Count
            ? Lift(adjoint, callee.ModelArgs[k], op.Args[k])
            : adjoint;
    }

    /// <summary>
    /// An adjoint of a value of model type <paramref name="from"/> flowing into value <paramref name="target"/>: as
    /// it is when both have the same type, else the target model's gradient lifted from it (<c>Derived.Gradient.From</c>).
    /// </summary>
    public string Lift(string adjoint, string from, int target)
    {
        var op = _method.Ops[target];
        return from.Length == 0 || op.Type != ValueKind.Module || from.TrimEnd('?') == op.TypeName.TrimEnd('?')
            ? adjoint
            : $"{Symbols.ModuleGradient(op.TypeName)}.From({adjoint})";
    }

    /// <summary>The zero gradient of a parameter that nothing flowed to.</summary>
    internal static string Zero(ParameterModel parameter) => parameter.Kind switch
    {
        ValueKind.Float => "0f",
        ValueKind.Tensor => $"global::AutoDiffGen.Tensor.ZerosLike({parameter.Name})",
        ValueKind.Module => $"{Symbols.ModuleGradient(parameter.Type)}.Of({parameter.Name})",
        _ => "0.0",
    };

    /// <summary>The type of a parameter's gradient: its own, or a model's generated Gradient type.</summary>
    internal static string AdjointType(ParameterModel parameter) =>
        parameter.Kind == ValueKind.Module ? Symbols.ModuleGradient(parameter.Type) : parameter.Type;
}

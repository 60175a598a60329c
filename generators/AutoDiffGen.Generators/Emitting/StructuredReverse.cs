using AutoDiffGen.Generators.Model;
using AutoDiffGen.Generators.Parsing;

namespace AutoDiffGen.Generators.Emitting;

/// <summary>
/// The reverse pass of a body with branches: adjoints are declared up front (zero for scalars, null for tensors
/// until a first contribution), and each if is walked backwards inside the same condition, so only the branch the
/// forward pass took contributes. A phi's adjoint flows to the value of the branch taken.
/// A value may be computed on the path taken and still not reach the result (overwritten in a branch or a later
/// iteration, used only in a branch not taken, computed before a break or an early return): its adjoint stays null
/// (zero for scalars). A step runs only for a value whose adjoint is set (non-null; non-zero for scalars, since the
/// vector-Jacobian product of a zero adjoint is zero), so such values cost nothing and contribute nothing, not even
/// the NaN of 0 · ∞ from a dead value that overflowed. Straight-line code (a body without branches or loops, or the
/// part after the last one) needs no such check: every value it computes on a path to the result gets an adjoint.
/// </summary>
internal sealed class StructuredReverse
{
    private readonly ReversePlan _plan;
    private readonly MethodModel _method;
    private readonly HashSet<int> _active;
    private readonly Dictionary<int, string> _pullbacks;
    private readonly Dictionary<int, string> _adjoints = new();

    // The values after the body's last branch or loop: straight-line code, each reaches the result once computed.
    private readonly HashSet<int> _tail = new();

    // The mask of wanted gradients inside a pullback's Invoke (null: all are wanted, as in WithGradient).
    private readonly string? _wanted;

    public StructuredReverse(ReversePlan plan, MethodModel method, HashSet<int> active, Dictionary<int, string> pullbacks, string? wanted = null)
    {
        _wanted = wanted;
        _plan = plan;
        _method = method;
        _active = active;
        _pullbacks = pullbacks;
        for (var n = method.Body.Count - 1; n >= 0 && method.Body[n].Kind == ItemKind.Op; n--)
        {
            _tail.Add(method.Body[n].Op);
        }
    }

    public string Emit(CodeWriter w, string seed)
    {
        var ops = _method.Ops;
        foreach (var i in _active.OrderBy(i => i))
        {
            _adjoints[i] = _plan.Unique("_d" + (ops[i].Name.StartsWith("_", StringComparison.Ordinal) ? ops[i].Name : "_" + ops[i].Name.TrimStart('@')));
            w.Line(ops[i].Type switch
            {
                ValueKind.Tensor => $"global::AutoDiffGen.Tensor? {_adjoints[i]} = null;",
                ValueKind.TensorList => $"global::AutoDiffGen.Tensor[]? {_adjoints[i]} = null;",
                ValueKind.Module => $"{Symbols.ModuleGradient(ops[i].TypeName)}? {_adjoints[i]} = null;",
                _ => $"{ops[i].TypeName} {_adjoints[i]} = 0;",
            });
        }

        if (_active.Contains(_method.Result))
        {
            w.Line($"{_adjoints[_method.Result]} = {seed};");
        }

        if (_plan.Structured)
        {
            w.Line("// Up to the last branch or loop, a step runs only once its value's adjoint is set (non-null, non-zero): a value");
            w.Line("// that did not reach the result on the path taken costs nothing and contributes nothing.");
        }

        EmitItems(w, _method.Body);

        var gradients = new List<string>();
        for (var j = 0; j < _plan.Differentiable.Count; j++)
        {
            var parameter = _plan.Differentiable[j];
            var index = Enumerable.Range(0, ops.Count).First(k => ops[k].Kind == OpKind.Parameter && ops[k].Template == parameter.Name);
            var gradient = !_adjoints.TryGetValue(index, out var name)
                ? ReversePlan.Zero(parameter)
                : parameter.Kind is ValueKind.Tensor or ValueKind.Module ? $"({name} ?? {ReversePlan.Zero(parameter)})" : name;

            // A gradient the caller did not ask for is not computed: null for tensors and models, zero for scalars.
            gradients.Add(_wanted is null
                ? gradient
                : $"(({_wanted} & 0x{(1UL << j).ToString("X", System.Globalization.CultureInfo.InvariantCulture)}UL) != 0 ? {gradient} : {(parameter.Kind is ValueKind.Tensor or ValueKind.Module ? "default!" : "default")})");
        }

        return gradients.Count == 1 ? gradients[0] : "(" + string.Join(", ", gradients) + ")";
    }

    private void EmitItems(CodeWriter w, EquatableArray<Item> items)
    {
        for (var n = items.Count - 1; n >= 0; n--)
        {
            var item = items[n];
            if (item.Kind == ItemKind.Op)
            {
                EmitOp(w, item.Op);
                continue;
            }

            if (item.Kind == ItemKind.Loop)
            {
                EmitLoop(w, item);
                continue;
            }

            w.Open($"if ({_method.Ops[item.Op].Name})");
            EmitBranch(w, item, item.Then, 0);
            w.Close();
            w.Open("else");
            EmitBranch(w, item, item.Else, 1);
            w.Close();
        }
    }

    /// <summary>
    /// A loop backwards: pop the count, then per iteration (last first) pop its values, restart the adjoints of its
    /// values, pass the loop-carried adjoints to the iteration's results, and run the body's reverse pass.
    /// </summary>
    private void EmitLoop(CodeWriter w, Item loop)
    {
        var info = _plan.Loops[loop.Op];
        var ops = _method.Ops;
        var carried = loop.Phis.Where(p => _active.Contains(p)).ToList();
        w.Line($"var {info.ReverseCounter} = {info.CountStack}.Pop();");
        w.Open($"for (var {info.Index} = 0; {info.Index} < {info.ReverseCounter}; {info.Index}++)");
        for (var n = info.Pushed.Count - 1; n >= 0; n--)
        {
            w.Line($"{info.Pushed[n].Value} = {info.Pushed[n].Stack}.Pop();");
        }

        foreach (var i in info.Reset)
        {
            w.Line($"{_adjoints[i]} = {ZeroAdjoint(i)};");
        }

        var temps = new List<string>();
        foreach (var phi in carried)
        {
            var temp = _plan.Unique(_adjoints[phi] + "_next");
            temps.Add(temp);
            w.Line($"var {temp} = {_adjoints[phi]};");
            w.Line($"{_adjoints[phi]} = {ZeroAdjoint(phi)};");
        }

        for (var k = 0; k < carried.Count; k++)
        {
            var end = ops[carried[k]].Args[1];
            if (_active.Contains(end))
            {
                AccumulateNullable(w, end, temps[k], carried[k]);
            }
        }

        EmitItems(w, loop.Else);
        w.Close();
        foreach (var phi in carried)
        {
            var initial = ops[phi].Args[0];
            if (_active.Contains(initial))
            {
                AccumulateNullable(w, initial, _adjoints[phi], phi);
                w.Line($"{_adjoints[phi]} = {ZeroAdjoint(phi)};");
            }
        }
    }

    /// <summary>Whether value i's adjoint is set: non-null for tensors, lists and models, non-zero for scalars.</summary>
    private string Reached(int i) => _method.Ops[i].Type is ValueKind.Tensor or ValueKind.TensorList or ValueKind.Module
        ? $"{_adjoints[i]} is not null"
        : $"{_adjoints[i]} != 0";

    private string ZeroAdjoint(int i) => _method.Ops[i].Type is ValueKind.Tensor or ValueKind.TensorList or ValueKind.Module ? "null" : "0";

    // A loop-carried or phi's tensor adjoint may still be null (no contribution yet): add it only when present.
    private void AccumulateNullable(CodeWriter w, int target, string contribution, int source)
    {
        if (_method.Ops[source].Type is ValueKind.Tensor or ValueKind.TensorList or ValueKind.Module)
        {
            w.Open($"if ({contribution} is not null)");
            Accumulate(w, target, _plan.Lift(contribution, ModelType(source), target));
            w.Close();
        }
        else
        {
            Accumulate(w, target, contribution);
        }
    }

    // The model type of a value whose adjoint flows on to another value (a phi to its branches' values), else empty.
    private string ModelType(int i) => _method.Ops[i].Type == ValueKind.Module ? _method.Ops[i].TypeName : string.Empty;

    private void EmitBranch(CodeWriter w, Item item, EquatableArray<Item> branch, int side)
    {
        foreach (var phi in item.Phis)
        {
            var source = _method.Ops[phi].Args[side];
            if (_active.Contains(phi) && _active.Contains(source))
            {
                // A phi that did not reach the result has a null adjoint: nothing flows to the branch's value.
                AccumulateNullable(w, source, _adjoints[phi], phi);
            }
        }

        EmitItems(w, branch);
    }

    private void EmitOp(CodeWriter w, int i)
    {
        var op = _method.Ops[i];
        if (op.Kind is not (OpKind.Pack or OpKind.Call) || !_active.Contains(i))
        {
            return;
        }

        // Inside a masked pullback, a step whose adjoints reach no wanted gradient is skipped; with branches or loops,
        // so is the step of a value that did not reach the result on the path taken (its adjoint is unset). The
        // straight-line code after the last branch or loop needs no such check.
        var reached = _plan.Structured && !_tail.Contains(i) ? Reached(i) : null;
        var guard = string.Join(" && ", new[] { _plan.Need(i, _wanted), reached }.Where(g => g is not null));
        if (guard.Length > 0)
        {
            w.Open($"if ({guard})");
        }

        EmitStep(w, i);
        if (guard.Length > 0)
        {
            w.Close();
        }
    }

    private void EmitStep(CodeWriter w, int i)
    {
        var ops = _method.Ops;
        var op = ops[i];
        if (op.Kind == OpKind.Pack && _active.Contains(i))
        {
            for (var k = 0; k < op.Args.Count; k++)
            {
                if (_active.Contains(op.Args[k]))
                {
                    Accumulate(w, op.Args[k], $"{Read(i)}[{k.ToString(System.Globalization.CultureInfo.InvariantCulture)}]");
                }
            }

            return;
        }

        if (op.Kind != OpKind.Call || !_active.Contains(i))
        {
            return;
        }

        if (_wanted is not null && op.Callee is null && op.Member is null && EmitPerArgument(w, i))
        {
            return;
        }

        var calls = op.Callee is { } callee
            ? [($"{_pullbacks[i]}.Invoke({Read(i)}, {_plan.CalleeMask(i, _wanted)})", Enumerable.Range(0, op.Args.Count).Where(k => callee.DifferentiableArgs[k]).ToList())]
            : _plan.RuleCalls(i, Read(i));
        foreach (var (call, returned) in calls)
        {
            var targets = returned.Select(k => _active.Contains(op.Args[k]) ? _plan.Unique($"_g{i}_{k}") : "_").ToList();
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

                // A called pullback returns null for the gradients the mask left out.
                var need = op.Callee is not null ? _plan.Need(op.Args[returned[r]], _wanted) : null;
                if (need is not null)
                {
                    w.Open($"if ({need})");
                }

                Accumulate(w, op.Args[returned[r]], _plan.Lift(i, returned[r], targets[r]));
                if (need is not null)
                {
                    w.Close();
                }
            }
        }
    }

    /// <summary>
    /// Inside a masked pullback, an operation with several active arguments that all have per-argument rules: the
    /// full rule when every adjoint is wanted, else one per-argument rule per wanted adjoint. False when it does not apply.
    /// </summary>
    private bool EmitPerArgument(CodeWriter w, int i)
    {
        var op = _method.Ops[i];
        var (full, returned) = _plan.FullRuleCall(i, Read(i));
        var active = returned.Where(k => _active.Contains(op.Args[k])).ToList();
        if (active.Count < 2 || active.Any(k => _plan.ArgumentRuleCall(i, k, Read(i)) is null))
        {
            return false;
        }

        var comment = GradientEmitter.Comment(op, " adjoint of ");
        w.Open($"if ({string.Join(" && ", active.Select(k => _plan.Need(op.Args[k], _wanted)))})");
        var targets = returned.Select(k => active.Contains(k) ? _plan.Unique($"_g{i}_{k}") : "_").ToList();
        w.Line($"var ({string.Join(", ", targets)}) = {full};{comment}");
        foreach (var k in active)
        {
            Accumulate(w, op.Args[k], targets[returned.IndexOf(k)]);
        }

        w.Close();
        w.Open("else");
        foreach (var k in active)
        {
            w.Open($"if ({_plan.Need(op.Args[k], _wanted)})");
            var target = _plan.Unique($"_g{i}_{k}");
            w.Line($"var {target} = {_plan.ArgumentRuleCall(i, k, Read(i))};{comment}");
            Accumulate(w, op.Args[k], target);
            w.Close();
        }

        w.Close();
        return true;
    }

    /// <summary>The adjoint of value i as an expression (a tensor adjoint read here always has a contribution).</summary>
    private string Read(int i) => _method.Ops[i].Type is ValueKind.Tensor or ValueKind.TensorList or ValueKind.Module ? _adjoints[i] + "!" : _adjoints[i];

    private void Accumulate(CodeWriter w, int target, string contribution)
    {
        var name = _adjoints[target];
        w.Line(_method.Ops[target].Type switch
        {
            ValueKind.Tensor or ValueKind.Module => $"{name} = {name} is null ? {contribution} : {name} + {contribution};",

            // A list is built for one call, so its adjoint has a single contribution.
            ValueKind.TensorList => $"{name} = {contribution};",
            _ => $"{name} += {contribution};",
        });
    }

}

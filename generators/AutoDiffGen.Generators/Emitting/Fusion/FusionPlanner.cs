using System.Globalization;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Emitting.Fusion;

/// <summary>One fused region: its ops, its operands (values computed outside it), and its scalar program.</summary>
/// <summary>
/// One fused region: its ops, its operands (values computed outside it), its scalar program, and the reduction
/// (<c>sum</c> or <c>mean</c> of all elements) it ends in, if any, which is then its result (the map is never stored).
/// </summary>
internal sealed record FusedRegion(int Number, string ClassName, int Sink, IReadOnlyList<int> Members, IReadOnlyList<int> Operands, ScalarProgram Program, string? Reduction = null);

/// <summary>
/// Finds maximal regions of elementwise tensor ops (those whose rule names an <c>Elementwise</c> primitive) in the
/// same block whose intermediate values are used only inside the region, and replaces each by one op that calls the
/// region's generated forward loop, with a generated rule that calls its backward loop. The reverse pass then treats
/// a region like any other op: it saves the region's operands and result, not its intermediates, which the
/// backward loop recomputes.
/// </summary>
internal static class FusionPlanner
{
    private const string TensorType = "global::AutoDiffGen.Tensor";

    public static (MethodModel Method, EquatableArray<DerivativeRule> Rules, IReadOnlyList<FusedRegion> Regions) Apply(MethodModel method, EquatableArray<DerivativeRule> rules)
    {
        if (!method.Fuse)
        {
            return (method, rules, Array.Empty<FusedRegion>());
        }

        var primitiveByKey = new Dictionary<string, string>(StringComparer.Ordinal);
        var reductionByKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (rule.Argument < 0 && rule.Elementwise is "sum" or "mean")
            {
                reductionByKey[rule.OriginalKey] = rule.Elementwise;
            }

            if (rule.Argument < 0 && rule.Elementwise is { } primitive && Primitives.Arity(primitive) is not null && !primitiveByKey.ContainsKey(rule.OriginalKey))
            {
                primitiveByKey.Add(rule.OriginalKey, primitive);
            }
        }

        var ops = method.Ops;
        var users = new List<int>[ops.Count];
        for (var i = 0; i < ops.Count; i++)
        {
            users[i] = new List<int>();
        }

        // Every reader counts, constants included: a condition's text (h.Sum().Item<double>() > 0.2) reads h by name
        // through its Args, and h must then stay a variable rather than be folded into a region.
        for (var i = 0; i < ops.Count; i++)
        {
            foreach (var a in ops[i].Args)
            {
                users[a].Add(i);
            }
        }

        if (method.Result >= 0)
        {
            users[method.Result].Add(-1);
        }

        string? PrimitiveOf(int i) =>
            ops[i] is { Kind: OpKind.Call, Callee: null, Type: ValueKind.Tensor, TypeName: TensorType, OriginalKey: { } key }
            && primitiveByKey.TryGetValue(key, out var p) && ops[i].Args.Count == Primitives.Arity(p)
            && ops[i].Args.All(a => ops[a].TypeName == TensorType || IsScalar(ops[a].TypeName))
                ? p
                : null;

        string? ReductionOf(int i) =>
            ops[i] is { Kind: OpKind.Call, Callee: null, Type: ValueKind.Tensor, OriginalKey: { } key, Args.Count: 1 }
            && reductionByKey.TryGetValue(key, out var r)
                ? r
                : null;

        var regions = new List<FusedRegion>();
        var assigned = new HashSet<int>();
        var opList = ops.ToList();
        var newRules = rules.ToList();
        var removed = new HashSet<int>();
        foreach (var block in Blocks(method.Body))
        {
            var inBlock = new HashSet<int>(block);
            for (var b = block.Count - 1; b >= 0; b--)
            {
                var sink = block[b];
                if (assigned.Contains(sink) || PrimitiveOf(sink) is null)
                {
                    continue;
                }

                // Grow the region backwards to a fixed point: an argument joins when it is fusable, in this block,
                // and every use of it is inside the region (so nothing outside needs it materialized).
                var members = new HashSet<int> { sink };
                for (var changed = true; changed;)
                {
                    changed = false;
                    foreach (var m in members.ToList())
                    {
                        foreach (var a in ops[m].Args)
                        {
                            if (!members.Contains(a) && !assigned.Contains(a) && inBlock.Contains(a) && PrimitiveOf(a) is not null
                                && users[a].All(members.Contains))
                            {
                                members.Add(a);
                                changed = true;
                            }
                        }
                    }
                }

                // A Sum() or Mean() of the whole map, as its only use, ends the region: the map is summed as it is
                // computed and never stored.
                var reduction = users[sink] is [var only] && only >= 0 && inBlock.Contains(only) && !assigned.Contains(only) ? ReductionOf(only) : null;
                var resultOp = reduction is null ? sink : users[sink][0];
                if (members.Count + (reduction is null ? 0 : 1) < 2)
                {
                    continue;
                }

                var ordered = members.OrderBy(m => m).ToList();
                var operands = new List<int>();
                var instructions = new List<(string, int[], string)>();
                var position = ordered.Select((m, j) => (m, j)).ToDictionary(p => p.m, p => p.j);
                foreach (var m in ordered)
                {
                    var args = new List<int>();
                    foreach (var a in ops[m].Args)
                    {
                        if (position.TryGetValue(a, out var j))
                        {
                            args.Add(j);
                        }
                        else
                        {
                            if (!operands.Contains(a))
                            {
                                operands.Add(a);
                            }

                            args.Add(-1 - operands.IndexOf(a));
                        }
                    }

                    instructions.Add((PrimitiveOf(m)!, args.ToArray(), ops[m].Source));
                }

                var needsAdjoint = operands.Select(o => ops[o].Type != ValueKind.None).ToList();

                // Literal operands (x + 1, y.Pow(2)) become constants of the loop, which lets squares multiply.
                var constants = new Dictionary<int, double>();
                for (var k = 0; k < operands.Count; k++)
                {
                    if (ops[operands[k]].Kind == OpKind.Constant
                        && double.TryParse(ops[operands[k]].Template.TrimEnd('f', 'd', 'L', 'm'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    {
                        constants[k] = value;
                    }
                }

                var index = regions.Count + 1;
                var className = "__" + method.Name + "Fused" + index.ToString(CultureInfo.InvariantCulture);
                var key = "fused:" + method.Name + ":" + index.ToString(CultureInfo.InvariantCulture);
                var template = className + ".Forward(" + string.Join(", ", operands.Select((_, k) => "{" + k.ToString(CultureInfo.InvariantCulture) + "}")) + ")";
                opList[resultOp] = ops[resultOp] with { Template = template, Args = new EquatableArray<int>(operands), OriginalKey = key };
                newRules.Add(new DerivativeRule(key, className + ".Backward", new EquatableArray<bool>(needsAdjoint)));
                regions.Add(new FusedRegion(index, className, resultOp, ordered, operands, ScalarProgram.Build(instructions, needsAdjoint, constants), reduction));
                assigned.Add(resultOp);
                foreach (var m in ordered)
                {
                    assigned.Add(m);
                    if (m != resultOp)
                    {
                        removed.Add(m);
                    }
                }
            }
        }

        if (regions.Count == 0)
        {
            return (method, rules, regions);
        }

        var fused = method with
        {
            Ops = new EquatableArray<Op>(opList),
            Body = Without(method.Body, removed),
        };
        return (fused, new EquatableArray<DerivativeRule>(newRules), regions);
    }

    private static bool IsScalar(string typeName) => typeName is "double" or "float" or "int" or "long";

    // The straight-line op lists of the body: the top level, each branch and each loop body.
    private static IEnumerable<List<int>> Blocks(EquatableArray<Item> items)
    {
        yield return items.Where(i => i.Kind == ItemKind.Op).Select(i => i.Op).ToList();
        foreach (var item in items.Where(i => i.Kind != ItemKind.Op))
        {
            foreach (var block in Blocks(item.Then).Concat(Blocks(item.Else)))
            {
                yield return block;
            }
        }
    }

    private static EquatableArray<Item> Without(EquatableArray<Item> items, HashSet<int> removed) =>
        new(items
            .Where(i => i.Kind != ItemKind.Op || !removed.Contains(i.Op))
            .Select(i => i.Kind == ItemKind.Op ? i : i with { Then = Without(i.Then, removed), Else = Without(i.Else, removed) }));
}

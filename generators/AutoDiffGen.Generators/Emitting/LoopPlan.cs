using System.Globalization;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Emitting;

/// <summary>
/// What one loop keeps per iteration: the values defined in it that the reverse pass reads are pushed on stacks at
/// the end of each iteration (before the loop-carried values move on) and popped in reverse order; the iteration
/// count is pushed when the loop ends, so nested loops unwind correctly.
/// </summary>
internal sealed class LoopPlan
{
    public LoopPlan(Item loop, EquatableArray<Op> ops, ISet<int> needed, ISet<int> active, Func<int, string?> pullbackOf, Func<string, string> unique)
    {
        Loop = loop;
        var id = loop.Op.ToString(CultureInfo.InvariantCulture);
        Counter = unique("_n" + id);
        ReverseCounter = unique("_r" + id);
        Index = unique("_k" + id);
        CountStack = unique("_counts" + id);

        var defined = new List<int>();
        Collect(loop.Then, defined);
        Collect(loop.Else, defined);
        defined.AddRange(loop.Phis);

        foreach (var i in defined.Distinct().OrderBy(i => i))
        {
            if (needed.Contains(i))
            {
                Pushed.Add((ops[i].Name, unique("_s" + (ops[i].Name.StartsWith("_", StringComparison.Ordinal) ? ops[i].Name : "_" + ops[i].Name)), ops[i].TypeName));
            }

            if (pullbackOf(i) is { } pullback && active.Contains(i))
            {
                Pushed.Add((pullback, unique("_s_" + pullback.TrimStart('_')), ops[i].Callee!.PullbackType));
            }

            // A list's adjoint too: the reverse pass reads "set" as "reached the result in this iteration".
            if (active.Contains(i) && !loop.Phis.Contains(i) && ops[i].Kind is OpKind.Call or OpKind.Phi or OpKind.Pack)
            {
                Reset.Add(i);
            }
        }
    }

    public Item Loop { get; }

    public string Counter { get; }

    public string ReverseCounter { get; }

    public string Index { get; }

    public string CountStack { get; }

    /// <summary>(value, stack, element type) pushed at the end of each iteration, in push order.</summary>
    public List<(string Value, string Stack, string Type)> Pushed { get; } = new();

    /// <summary>Active values defined in the body: their adjoints restart at zero each iteration of the reverse pass.</summary>
    public List<int> Reset { get; } = new();

    /// <summary>The ops defined directly in these items: values, if-phis, and the loop-carried values of nested loops.</summary>
    private static void Collect(EquatableArray<Item> items, List<int> into)
    {
        foreach (var item in items)
        {
            switch (item.Kind)
            {
                case ItemKind.Op:
                    into.Add(item.Op);
                    break;
                case ItemKind.If:
                    into.Add(item.Op);
                    Collect(item.Then, into);
                    Collect(item.Else, into);
                    into.AddRange(item.Phis);
                    break;
                default:
                    into.AddRange(item.Phis);
                    break;
            }
        }
    }

    public static IEnumerable<Item> All(EquatableArray<Item> items) => items.SelectMany(i => i.Kind switch
    {
        ItemKind.If => All(i.Then).Concat(All(i.Else)),
        ItemKind.Loop => new[] { i }.Concat(All(i.Then)).Concat(All(i.Else)),
        _ => Enumerable.Empty<Item>(),
    });
}

using System.Collections.Immutable;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// Finds the [Differentiable] methods of a compilation that are on a call cycle (A calls B, B calls A): they get
/// class pullbacks, since structs that contain each other cannot be laid out. Computed from every method's model
/// (its key and the keys it calls), so an edit that does not change the call graph leaves this step's result equal.
/// </summary>
internal static class CallCycles
{
    public static EquatableArray<string> Find(ImmutableArray<(string Key, EquatableArray<string> Callees)> methods)
    {
        var graph = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, callees) in methods)
        {
            if (!graph.TryGetValue(key, out var list))
            {
                graph[key] = list = new List<string>();
            }

            list.AddRange(callees);
        }

        // Tarjan's strongly connected components, iteratively over the keys in order (deterministic).
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var cyclic = new SortedSet<string>(StringComparer.Ordinal);
        var counter = 0;
        foreach (var root in graph.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            if (index.ContainsKey(root))
            {
                continue;
            }

            var work = new Stack<(string Node, int Next)>();
            work.Push((root, 0));
            index[root] = low[root] = counter++;
            stack.Push(root);
            onStack.Add(root);
            while (work.Count > 0)
            {
                var (node, next) = work.Pop();
                var edges = graph.TryGetValue(node, out var e) ? e : new List<string>();
                if (next < edges.Count)
                {
                    work.Push((node, next + 1));
                    var target = edges[next];
                    if (!graph.ContainsKey(target))
                    {
                        continue;
                    }

                    if (!index.ContainsKey(target))
                    {
                        index[target] = low[target] = counter++;
                        stack.Push(target);
                        onStack.Add(target);
                        work.Push((target, 0));
                    }
                    else if (onStack.Contains(target))
                    {
                        low[node] = Math.Min(low[node], index[target]);
                    }

                    continue;
                }

                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }

                if (low[node] == index[node])
                {
                    var component = new List<string>();
                    string member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (member != node);

                    if (component.Count > 1 || edges.Contains(node))
                    {
                        cyclic.UnionWith(component);
                    }
                }
            }
        }

        return new EquatableArray<string>(cyclic);
    }
}

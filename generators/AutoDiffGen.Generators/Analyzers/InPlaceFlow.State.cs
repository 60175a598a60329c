using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generators.Analyzers;

/// <content>The flow state at one point of the method: where each tensor variable may point, and per abstract tensor its uses and (for differentiable parameters) its mutations.</content>
internal sealed partial class InPlaceFlow
{
    private sealed class State
    {
        public Dictionary<ISymbol, HashSet<int>> PointsTo { get; } = new(SymbolEqualityComparer.Default);

        public Dictionary<int, HashSet<IOperation>> Uses { get; } = new();

        public Dictionary<int, HashSet<IOperation>> Mutations { get; } = new();

        public HashSet<IOperation> UsesOf(int o)
        {
            if (!Uses.TryGetValue(o, out var uses))
            {
                Uses[o] = uses = new HashSet<IOperation>();
            }

            return uses;
        }

        public State Clone()
        {
            var clone = new State();
            Copy(PointsTo, clone.PointsTo);
            Copy(Uses, clone.Uses);
            Copy(Mutations, clone.Mutations);
            return clone;
        }

        /// <summary>Merges another path's state into this one; true when this one grew.</summary>
        public bool JoinFrom(State other) => Join(PointsTo, other.PointsTo) | Join(Uses, other.Uses) | Join(Mutations, other.Mutations);

        private static void Copy<TKey, TValue>(Dictionary<TKey, HashSet<TValue>> from, Dictionary<TKey, HashSet<TValue>> to)
            where TKey : notnull
        {
            foreach (var pair in from)
            {
                to[pair.Key] = new HashSet<TValue>(pair.Value);
            }
        }

        private static bool Join<TKey, TValue>(Dictionary<TKey, HashSet<TValue>> into, Dictionary<TKey, HashSet<TValue>> from)
            where TKey : notnull
        {
            var changed = false;
            foreach (var pair in from)
            {
                if (!into.TryGetValue(pair.Key, out var set))
                {
                    into[pair.Key] = set = new HashSet<TValue>();
                }

                foreach (var value in pair.Value)
                {
                    changed |= set.Add(value);
                }
            }

            return changed;
        }
    }
}

namespace AutoDiffGen.Internal;

/// <summary>
/// Reuses the large CPU arrays of tensors that a generated training step knows are dead: after the optimizer's
/// update, a step's gradients are never read again, so their arrays go back here and the next step's results of
/// the same size are written into them instead of into new (large-object-heap) arrays. Only arrays handed to
/// <see cref="Recycle"/> are reused; nothing else changes how tensors are allocated.
/// </summary>
public static class TensorPool
{
    /// <summary>Smaller arrays are cheap for the GC and are never pooled.</summary>
    internal const int MinElements = 16 * 1024;

    // A few arrays per (element type, length): a training step needs one per gradient of that size.
    private const int PerSize = 4;
    private static readonly Dictionary<(Type, int), Stack<Array>> _free = [];
    private static readonly Lock _lock = new();

    /// <summary>
    /// Returns the arrays of the step's gradient tensors to the pool: each once, only CPU tensors that own their whole
    /// array (not views), and never an array that a tensor in <paramref name="keep"/> (the parameters) uses.
    /// </summary>
    public static void Recycle(IReadOnlyList<Tensor?> gradients, IReadOnlyList<Tensor> keep)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentNullException.ThrowIfNull(keep);
        var kept = new HashSet<Array>(ReferenceEqualityComparer.Instance);
        foreach (var t in keep)
        {
            kept.Add(t._data);
        }

        lock (_lock)
        {
            foreach (var t in gradients)
            {
                if (t is null || t._storage is not null || t._offset != 0 || !t._contiguous || t._data.Length != t._numel || t._numel < MinElements || !kept.Add(t._data))
                {
                    continue;
                }

                var key = (t._data.GetType(), t._numel);
                if (!_free.TryGetValue(key, out var stack))
                {
                    _free[key] = stack = new Stack<Array>();
                }

                if (stack.Count < PerSize)
                {
                    stack.Push(t._data);
                }
            }
        }
    }

    /// <summary>An array returned by <see cref="Recycle"/> of exactly this type and length, or null.</summary>
    internal static Array? TryRent(Type arrayType, int length)
    {
        lock (_lock)
        {
            return _free.TryGetValue((arrayType, length), out var stack) && stack.Count > 0 ? stack.Pop() : null;
        }
    }

    /// <summary>Drops every pooled array (tests; or to give memory back after training).</summary>
    public static void Clear()
    {
        lock (_lock)
        {
            _free.Clear();
        }
    }
}

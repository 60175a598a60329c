using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Internal;

/// <summary>
/// The stack generated gradient code keeps per loop iteration (as Tapenade does): the forward pass pushes the values
/// the reverse pass reads, the reverse pass pops them in the opposite order. A struct over a pooled array: a
/// gradient call that releases it allocates nothing in steady state, and a pullback that holds a copy can pop its
/// own copy as often as it is invoked.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct ValueStack<T>
{
    private T[]? _items;
    private int _count;

    public readonly int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(T value)
    {
        if (_items is null || _count == _items.Length)
        {
            Grow();
        }

        _items![_count++] = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Pop() => _count > 0
        ? _items![--_count]
        : throw new InvalidOperationException("ValueStack: pop from an empty stack; the reverse pass did not mirror the forward pass.");

    /// <summary>Returns the buffer to the pool; call once the reverse pass no longer needs the values.</summary>
    public void Release()
    {
        if (_items is not null)
        {
            ArrayPool<T>.Shared.Return(_items, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
            _items = null;
        }

        _count = 0;
    }

    private void Grow()
    {
        var bigger = ArrayPool<T>.Shared.Rent(Math.Max(16, (_items?.Length ?? 0) * 2));
        if (_items is not null)
        {
            Array.Copy(_items, bigger, _count);
            ArrayPool<T>.Shared.Return(_items, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }

        _items = bigger;
    }
}

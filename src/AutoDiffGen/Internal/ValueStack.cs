using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Internal;

/// <summary>
/// The stack generated gradient code keeps per loop iteration (as Tapenade does): the forward pass pushes the values
/// the reverse pass reads, the reverse pass pops them in the opposite order. A struct over a recycled array: a
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

    /// <summary>Gives the buffer back for reuse on this thread; call once the reverse pass no longer needs the values.</summary>
    public void Release()
    {
        if (_items is not null)
        {
            Buffers.Return(_items);
            _items = null;
        }

        _count = 0;
    }

    private void Grow()
    {
        var bigger = Buffers.Rent(Math.Max(16, (_items?.Length ?? 0) * 2));
        if (_items is not null)
        {
            Array.Copy(_items, bigger, _count);
            Buffers.Return(_items);
        }

        _items = bigger;
    }

    /// <summary>
    /// Per-thread recycled buffers. Unlike ArrayPool.Shared, nothing trims them after a garbage collection, so a
    /// training loop's gradient calls stay allocation-free however much else the program allocates.
    /// </summary>
    private static class Buffers
    {
        private const int Slots = 32;

        [ThreadStatic]
        private static T[]?[]? _free;

        public static T[] Rent(int minimum)
        {
            var free = _free;
            if (free is not null)
            {
                for (var i = 0; i < free.Length; i++)
                {
                    if (free[i] is { } candidate && candidate.Length >= minimum)
                    {
                        free[i] = null;
                        return candidate;
                    }
                }
            }

            return new T[minimum];
        }

        public static void Return(T[] buffer)
        {
            if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            {
                Array.Clear(buffer);
            }

            var free = _free ??= new T[]?[Slots];
            for (var i = 0; i < free.Length; i++)
            {
                if (free[i] is null)
                {
                    free[i] = buffer;
                    return;
                }
            }
        }
    }
}

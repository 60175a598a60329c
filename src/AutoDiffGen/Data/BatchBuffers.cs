namespace AutoDiffGen;

/// <summary>
/// The arrays of a <see cref="DataLoader{TSample, TBatch}"/>'s batch tensors, reused from batch to batch when the
/// loader is built with <c>reuseBatches: true</c>: batch b + 2 (or later) is written into the arrays of batch b once
/// the caller has moved past b + 1, instead of into a new 196 KB large-object-heap array per MNIST batch.
/// </summary>
/// <remarks>
/// <para>The loader makes a pool the current thread's source of batch arrays while its collate function runs
/// (<see cref="Enter"/>); <see cref="Collate.Stack"/> takes its result from there through
/// <see cref="Allocate"/>, so custom collate functions built on <see cref="Collate"/> reuse memory too. What a
/// batch took comes back with it as a <see cref="Lease"/>, which the enumerator returns to the pool only when the
/// caller asks for the batch two after it: an array is never handed out while the batch that used it may still be
/// read under the loader's contract (the current batch and the one before it).</para>
/// <para>Small arrays (labels) are left to the GC, which handles them cheaply in its youngest generation.</para>
/// </remarks>
internal sealed class BatchBuffers(int perSize)
{
    /// <summary>Arrays below this size are not pooled.</summary>
    internal const int MinBytes = 4096;

    [ThreadStatic]
    private static Lease? _lease;

    private readonly Dictionary<(DType DType, int Length), Stack<Array>> _free = [];
    private readonly Lock _lock = new();

    /// <summary>How many arrays of one dtype and length the pool keeps (enough for every batch in flight).</summary>
    public int PerSize { get; } = perSize;

    /// <summary>
    /// A new contiguous CPU tensor for a batch: from the pool of the collate function running on this thread, if
    /// any, and recorded in its lease; otherwise a plain new tensor.
    /// </summary>
    public static Tensor Allocate(DType dtype, int[] shape)
    {
        var lease = _lease;
        var length = ShapeUtil.NumElements(shape);
        if (lease is null || (long)length * dtype.ElementSize() < MinBytes)
        {
            return Tensor.Allocate(dtype, shape);
        }

        var array = lease.Pool.TryRent(dtype, length);
        var tensor = array is null ? Tensor.Allocate(dtype, shape) : new Tensor(array, dtype, shape);
        lease.Arrays.Add((dtype, tensor._data));
        return tensor;
    }

    /// <summary>
    /// Makes this pool the calling thread's source of batch arrays until the scope is disposed (around one call of a
    /// collate function); the scope's lease records what was taken.
    /// </summary>
    public Scope Enter() => new(new Lease(this));

    /// <summary>Gives the arrays of a batch the caller has moved past back for later batches.</summary>
    public void Return(Lease lease)
    {
        lock (_lock)
        {
            foreach (var (dtype, array) in lease.Arrays)
            {
                if (!_free.TryGetValue((dtype, array.Length), out var stack))
                {
                    _free[(dtype, array.Length)] = stack = new Stack<Array>();
                }

                if (stack.Count < PerSize)
                {
                    stack.Push(array);
                }
            }
        }

        lease.Arrays.Clear();
    }

    /// <summary>The number of arrays waiting in the pool (for tests).</summary>
    internal int FreeCount
    {
        get
        {
            lock (_lock)
            {
                return _free.Values.Sum(s => s.Count);
            }
        }
    }

    private Array? TryRent(DType dtype, int length)
    {
        lock (_lock)
        {
            return _free.TryGetValue((dtype, length), out var stack) && stack.Count > 0 ? stack.Pop() : null;
        }
    }

    /// <summary>While alive, the thread's batch arrays come from one pool (see <see cref="Enter"/>); nests.</summary>
    internal readonly ref struct Scope
    {
        private readonly Lease? _previous;

        public Scope(Lease lease)
        {
            _previous = _lease;
            Lease = lease;
            _lease = lease;
        }

        public Lease Lease { get; }

        public void Dispose() => _lease = _previous;
    }

    /// <summary>The arrays one batch took from a pool.</summary>
    internal sealed class Lease(BatchBuffers pool)
    {
        public BatchBuffers Pool { get; } = pool;

        public List<(DType DType, Array Array)> Arrays { get; } = [];
    }
}

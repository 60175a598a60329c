using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Fusion;

/// <summary>
/// The runtime half of fused elementwise regions. The generator turns a chain of elementwise tensor operations
/// (<c>(x * a + b).Tanh() * c</c>) into one forward loop and one backward loop over the elements, emitted as C# (this
/// CPU twin) and as OpenCL C; the generated code calls these helpers to broadcast its operands, run the loop in
/// chunks over the cores, and wrap the results as tensors.
/// </summary>
/// <remarks>
/// Chunks have a fixed size, so partial sums (the adjoints of scalar operands) are combined in the same order on
/// every machine and run: results are deterministic whatever the number of threads.
/// </remarks>
public static class Fused
{
    /// <summary>Elements per chunk: large enough to amortize a thread hand-off, small enough for float partial sums.</summary>
    public const int ChunkSize = 1 << 14;

    private const int ParallelThreshold = 1 << 16;

    /// <summary>
    /// The shape, element count and compute type of a region from its tensor operands: the broadcast of their
    /// shapes; float64 if any operand is float64, else float32 (integer and bool operands are converted).
    /// </summary>
    public static FusedPlan Plan(ReadOnlySpan<Tensor> tensors)
    {
        var shape = Array.Empty<int>();
        var dtype = DType.Float32;
        Device? device = null;
        for (var i = 0; i < tensors.Length; i++)
        {
            var t = tensors[i];
            var where = t.Device;
            if (device is null)
            {
                device = where;
            }
            else if (where != device)
            {
                throw new TensorDeviceException($"Expected all tensors of a fused elementwise region to be on the same device, but found {device} and {where}. Move them with .To(device) first.");
            }

            shape = i == 0 ? t._shape : ShapeUtil.Broadcast(shape, t._shape, "fused elementwise region");
            if (t._dtype == DType.Float64)
            {
                dtype = DType.Float64;
            }
        }

        return new FusedPlan(shape, ShapeUtil.NumElements(shape), dtype, device ?? Device.Cpu);
    }

    /// <summary>
    /// A tensor operand as the loop reads it: its own storage when it is contiguous, of the compute type and
    /// full-size; a block of copies of its value when it is one element (or one value expanded); otherwise a
    /// broadcast, converted contiguous copy.
    /// </summary>
    public static FusedOperand<T> Operand<T>(Tensor tensor, FusedPlan plan)
        where T : unmanaged
    {
        var dtype = typeof(T) == typeof(float) ? DType.Float32 : DType.Float64;
        var one = tensor._numel == 1;

        // A single value, or one expanded to many (the adjoint of a Sum, say), is read as one value, not copied.
        if (tensor._numel > 0 && (one || Array.TrueForAll(tensor._strides, s => s == 0)))
        {
            var data = tensor._dtype == dtype ? tensor : tensor.To(dtype);
            return FusedOperand<T>.Broadcast(((T[])data._data)[data._offset], one);
        }

        if (tensor._dtype == dtype && tensor._contiguous && tensor._numel == plan.Count)
        {
            return new FusedOperand<T>((T[])tensor._data, tensor._offset, 1, one);
        }

        var expanded = tensor.To(dtype).Expand(plan.Shape).Contiguous();
        return new FusedOperand<T>((T[])expanded._data, expanded._offset, 1, one);
    }

    /// <summary>
    /// The most elements a loop reads or writes at once: a 512-bit vector, or <see cref="Vector{T}"/> if wider.
    /// A one-value operand holds this many copies of its value.
    /// </summary>
    public static int Lanes<T>()
        where T : unmanaged => Math.Max(Vector512<T>.Count, Vector<T>.Count);

    /// <summary>A new output buffer for the region's result or a full-size adjoint.</summary>
    public static T[] Output<T>(FusedPlan plan)
        where T : unmanaged => plan.Count == 0 ? [] : GC.AllocateUninitializedArray<T>(plan.Count);

    /// <summary>Wraps an output buffer as a tensor of the plan's shape.</summary>
    public static Tensor Result<T>(T[] data, FusedPlan plan)
        where T : unmanaged => new(data, typeof(T) == typeof(float) ? DType.Float32 : DType.Float64, (int[])plan.Shape.Clone());

    /// <summary>
    /// The adjoint of a tensor operand from the loop's outputs: a full-size buffer, reduced to the operand's shape
    /// when it was broadcast, or the sum of the partial sums of a one-element operand.
    /// </summary>
    public static Tensor Adjoint<T>(Tensor operand, FusedPlan plan, T[]? full, double[] partials, int sums, int index)
        where T : unmanaged
    {
        var dtype = typeof(T) == typeof(float) ? DType.Float32 : DType.Float64;
        Tensor result;
        if (full is not null)
        {
            result = Result(full, plan);
            if (operand._numel != plan.Count || !operand._shape.AsSpan().SequenceEqual(plan.Shape))
            {
                result = result.SumToSize(operand._shape);
            }
        }
        else
        {
            result = Tensor.Full((int[])operand._shape.Clone(), Sum(partials, sums, index), dtype);
        }

        return operand._dtype == dtype || !operand._dtype.IsFloatingPoint() ? result : result.To(operand._dtype);
    }

    /// <summary>The result of a region that ends in <c>Sum()</c> or <c>Mean()</c>: a 0-d tensor from the partial sums.</summary>
    public static Tensor Reduced<T>(double[] partials, FusedPlan plan, bool mean)
        where T : unmanaged
    {
        var sum = Sum(partials, 1, 0);
        return Tensor.Full([], mean ? sum / plan.Count : sum, typeof(T) == typeof(float) ? DType.Float32 : DType.Float64);
    }

    /// <summary>The adjoint of each element of a region that ends in <c>Sum()</c> or <c>Mean()</c>.</summary>
    public static T ReducedAdjoint<T>(Tensor adjoint, FusedPlan plan, bool mean)
        where T : unmanaged, INumberBase<T>
    {
        var value = adjoint.ScalarValue();
        return T.CreateTruncating(mean ? value / plan.Count : value);
    }

    /// <summary>The sum of one scalar operand's partial sums, chunk by chunk in order.</summary>
    public static double Sum(double[] partials, int sums, int index)
    {
        var total = 0.0;
        for (var c = index; c < partials.Length; c += sums)
        {
            total += partials[c];
        }

        return total;
    }

    /// <summary>Storage for per-chunk partial sums of <paramref name="sums"/> scalar operands.</summary>
    public static double[] Partials(FusedPlan plan, int sums) => sums == 0 ? [] : new double[Chunks(plan.Count) * sums];

    /// <summary>The number of chunks of <paramref name="count"/> elements.</summary>
    public static int Chunks(int count) => Math.Max(1, (count + ChunkSize - 1) / ChunkSize);

    /// <summary>Runs the loop body over every chunk, on all cores when the region is large.</summary>
    /// <remarks>
    /// The kernel helpers (<see cref="Kernels.Workers"/>, no allocation per call) claim runs of consecutive chunks,
    /// so a core that is busy with something else (or a helper that wakes late) takes fewer instead of holding up the
    /// others. A run is up to 8 chunks (at least 8 runs per worker): claimed one chunk at a time, the two cores' chunks
    /// interleaved and the tanh chain over 16M float32 took 11% longer than in runs of 4 or more. Which worker runs a chunk never changes what it
    /// computes: each chunk writes its own partial sums.
    /// </remarks>
    public static void Run<TBody>(ref TBody body, int count)
        where TBody : struct, IFusedBody
    {
        var chunks = Chunks(count);
        if (count < ParallelThreshold || Environment.ProcessorCount == 1)
        {
            for (var c = 0; c < chunks; c++)
            {
                body.Run(c * ChunkSize, Math.Min(count, (c + 1) * ChunkSize), c);
            }

            return;
        }

        var workers = Math.Min(chunks, Environment.ProcessorCount);
        var run = Math.Clamp(chunks / (workers * 8), 1, 8);
        var job = new ChunkRuns<TBody> { Body = body, Count = count, Chunks = chunks, RunLength = run };
        Kernels.Workers.Run(ref job, (chunks + run - 1) / run);
    }

    /// <summary>One piece of a fused loop for the kernel helpers: a run of consecutive chunks, on a copy of the body.</summary>
    private struct ChunkRuns<TBody> : Kernels.IWorkPieces
        where TBody : struct, IFusedBody
    {
        public TBody Body;
        public int Count;
        public int Chunks;
        public int RunLength;

        void Kernels.IWorkPieces.Run(int piece)
        {
            var local = Body;
            for (var c = piece * RunLength; c < Math.Min(Chunks, (piece + 1) * RunLength); c++)
            {
                local.Run(c * ChunkSize, Math.Min(Count, (c + 1) * ChunkSize), c);
            }
        }
    }

    /// <summary>The sum of a vector's lanes in double, in lane order: a loop's accumulator into its chunk's total.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Total<T>(Vector512<T> lanes)
        where T : unmanaged, INumberBase<T>
    {
        var total = 0.0;
        for (var i = 0; i < Vector512<T>.Count; i++)
        {
            total += double.CreateTruncating(lanes[i]);
        }

        return total;
    }

    /// <summary>The sum of a vector's lanes in double, in lane order (see <see cref="Total{T}(Vector512{T})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Total<T>(Vector<T> lanes)
        where T : unmanaged, INumberBase<T>
    {
        var total = 0.0;
        for (var i = 0; i < Vector<T>.Count; i++)
        {
            total += double.CreateTruncating(lanes[i]);
        }

        return total;
    }
}

/// <summary>The shape, element count and compute type of a fused region's iteration space.</summary>
public readonly record struct FusedPlan(int[] Shape, int Count, DType DType, Device Device)
{
    /// <summary>True when the operands live on an OpenCL device: the region runs as its OpenCL kernels.</summary>
    public bool OnOpenCL => Device.Type == DeviceType.OpenCL;
}

/// <summary>
/// An operand as a fused loop reads it: storage and offset, and stride 1 (full-size) or 0 (one value, stored as
/// <see cref="Fused.Lanes{T}"/> copies, so a vector load at the start reads it in every lane).
/// </summary>
/// <remarks>
/// Loops index an operand with <c>i &amp; Mask</c> (all ones for stride 1, zero for stride 0): the same code reads
/// both kinds with one AND per load instead of a branch and a broadcast.
/// </remarks>
public readonly struct FusedOperand<T>
    where T : unmanaged
{
    private readonly T[] _data;
    private readonly int _offset;

    public FusedOperand(T[] data, int offset, int stride, bool oneElement)
    {
        if (stride == 0 && data.Length - offset < Fused.Lanes<T>())
        {
            throw new ArgumentException($"A stride-0 operand needs {Fused.Lanes<T>()} copies of its value from the offset; use FusedOperand<T>.Broadcast.", nameof(data));
        }

        _data = data;
        _offset = offset;
        Stride = stride;
        OneElement = oneElement;
    }

    /// <summary>An operand that reads <paramref name="value"/> at every index.</summary>
    public static FusedOperand<T> Broadcast(T value, bool oneElement)
    {
        var copies = new T[Fused.Lanes<T>()];
        Array.Fill(copies, value);
        return new FusedOperand<T>(copies, 0, 0, oneElement);
    }

    /// <summary>1 when the loop reads one element per index, 0 when every index reads the same value.</summary>
    public int Stride { get; }

    /// <summary>What the loops AND an index with: -1 (all ones) for stride 1, 0 for stride 0.</summary>
    public int Mask => Stride == 0 ? 0 : -1;

    /// <summary>True when the operand is one element: its adjoint is a sum, accumulated per chunk, not a buffer.</summary>
    public bool OneElement { get; }

    /// <summary>A reference to the first element, for the loop's loads.</summary>
    public ref T Ref => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_data), _offset);
}

/// <summary>A fused loop: the generated code implements it as a struct, so <see cref="Fused.Run{TBody}"/> inlines it.</summary>
public interface IFusedBody
{
    /// <summary>Processes elements [start, end), which is chunk number <paramref name="chunk"/>.</summary>
    void Run(int start, int end, int chunk);
}

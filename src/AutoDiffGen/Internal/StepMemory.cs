using System.ComponentModel;

namespace AutoDiffGen.Internal;

/// <summary>
/// The memory of one generated <c>[TrainingStep]</c> method, like the static memory of a replayed CUDA graph in
/// PyTorch: the first steps allocate their tensors as usual and it records them; later steps get the same arrays and
/// tensor objects back in the order they ask for them, so a training loop in steady state allocates nothing.
/// Generated code owns one instance per step method (a static field) and wraps the step in
/// <see cref="Enter"/> … <see cref="StepArena.Exit"/>; nothing else changes how tensors are allocated.
/// </summary>
/// <remarks>
/// <para>
/// Everything a step creates is dead when the next step of the same method starts on the same thread, except what
/// outlives it on purpose: the parameters and buffers (updated in place), the optimizer's state (created on the first
/// step) and the returned loss. <see cref="StepArena.Exit"/> takes what the optimizer and the models still hold out of
/// the recording, so those are never handed out again. The loss is not kept: like a CUDA graph's static output it is
/// overwritten by the next step; read it with <c>Item()</c> or keep a <c>Clone()</c>.
/// </para>
/// <para>
/// Each thread has its own recording, so two threads may run the same step method on different models at once.
/// Only CPU arrays and tensor objects on the thread that runs the step are recorded; OpenCL buffers come from the
/// device's caching allocator as before.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class StepMemory
{
    private readonly ThreadLocal<StepArena> _arenas = new(() => new StepArena(), trackAllValues: true);

    /// <summary>The arena of the step running on this thread; null outside a step.</summary>
    [ThreadStatic]
    private static StepArena? _current;

    /// <summary>The arena that records and hands out this thread's allocations, or null when no step runs.</summary>
    internal static StepArena? Current => _current;

    /// <summary>
    /// Starts a step on this thread: until <see cref="StepArena.Exit"/>, tensors are allocated from what the previous
    /// step of this method (on this thread) recorded. A step entered inside another one nests: it records into its
    /// own arena and the outer one is current again after its exit.
    /// </summary>
    public StepArena Enter()
    {
        var arena = _arenas.Value!;
        arena.Begin(_current);
        _current = arena;
        return arena;
    }

    /// <summary>Drops every recording (all threads): the next steps allocate afresh.</summary>
    public void Clear()
    {
        foreach (var arena in _arenas.Values)
        {
            arena.Clear();
        }
    }

    internal static void Restore(StepArena? previous) => _current = previous;
}

using System.Runtime.ExceptionServices;

namespace AutoDiffGen.Internal;

/// <summary>A loop body the <see cref="ParallelRunner"/> calls once per index; kernels keep one per thread and reuse it.</summary>
internal abstract class ParallelWork
{
    /// <summary>Runs iteration <paramref name="index"/>; iterations are independent and may run on any thread.</summary>
    public abstract void Run(int index);
}

/// <summary>
/// A parallel loop that allocates nothing once started, for kernels a training step calls every step (the GEMM):
/// <c>Parallel.For</c> allocates tasks, a loop state and a closure per call, which a step in its memory
/// (<see cref="StepMemory"/>) must not. Background threads, one fewer than the processors, wait for work; the
/// calling thread takes part, and iterations are claimed one by one. One loop runs at a time: a loop started while
/// another runs (another thread's, or one nested in an iteration) runs on its own thread instead.
/// </summary>
internal static class ParallelRunner
{
    private static readonly Lock _dispatch = new();
    private static readonly SemaphoreSlim _wake = new(0);
    private static readonly ManualResetEventSlim _done = new(false);
    private static readonly int _helpers = Math.Max(0, Environment.ProcessorCount - 1);
    private static ParallelWork? _work;
    private static int _count;
    private static int _next;
    private static int _running;
    private static ExceptionDispatchInfo? _failure;
    private static bool _started;

    /// <summary>Runs <c>work.Run(i)</c> for every i in [0, <paramref name="count"/>) and returns when all are done.</summary>
    public static void For(int count, ParallelWork work)
    {
        if (count <= 0)
        {
            return;
        }

        var helpers = Math.Min(_helpers, count - 1);
        if (helpers == 0 || !_dispatch.TryEnter())
        {
            for (var i = 0; i < count; i++)
            {
                work.Run(i);
            }

            return;
        }

        try
        {
            Start();
            _work = work;
            _count = count;
            _next = 0;
            _failure = null;
            _done.Reset();
            Volatile.Write(ref _running, helpers + 1);
            _wake.Release(helpers);
            Claim();
            Finish();
            _done.Wait();
            _work = null;
            _failure?.Throw();
        }
        finally
        {
            _dispatch.Exit();
        }
    }

    private static void Start()
    {
        if (_started)
        {
            return;
        }

        for (var i = 0; i < _helpers; i++)
        {
            new Thread(Help) { IsBackground = true, Name = "AutoDiffGen parallel worker" }.Start();
        }

        _started = true;
    }

    private static void Help()
    {
        while (true)
        {
            _wake.Wait();
            Claim();
            Finish();
        }
    }

    private static void Claim()
    {
        var work = _work!;
        int i;
        while ((i = Interlocked.Increment(ref _next) - 1) < _count)
        {
            try
            {
                work.Run(i);
            }
#pragma warning disable CA1031 // The failure is rethrown on the calling thread, as Parallel.For does (first one wins).
            catch (Exception e)
#pragma warning restore CA1031
            {
                Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
            }
        }
    }

    private static void Finish()
    {
        if (Interlocked.Decrement(ref _running) == 0)
        {
            _done.Set();
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// A kernel call's operands as a struct whose pieces <see cref="Workers"/> runs; <see cref="Run"/> may run on any
/// thread, in any order, at the same time as other pieces, so it must only read the struct's fields.
/// </summary>
internal interface IWorkPieces
{
    void Run(int piece);
}

/// <summary>
/// Persistent helper threads for splitting one kernel call (a GEMM, a convolution's samples, a pooling's planes)
/// over the cores, without <c>Parallel.For</c>'s per-call delegates, closures and task objects: a job is a pointer to
/// the caller's own (stack) struct of operands and a function pointer run once per piece, so a call allocates
/// nothing. The caller publishes a job of <c>parts</c> independent pieces and works on them itself; helpers claim
/// pieces as they wake. The caller never waits for a helper to start: pieces nobody has claimed yet it runs itself,
/// so on a loaded machine (the other core busy) a call costs what it costs on one thread, and on an idle one it is
/// split.
/// </summary>
/// <remarks>
/// One job runs at a time: a job started while another holds the helpers (another thread, or a nested call such as
/// the GEMM inside a convolution's piece) runs serially on its own thread. A helper spins briefly after each job (a
/// training step's kernels come in bursts a few microseconds apart) and then sleeps on a semaphore. Claims carry the job's generation in the same 64-bit word as
/// the next piece, so a helper that wakes late can never take a piece of a newer job with the older job's operands.
/// </remarks>
internal static unsafe class Workers
{
    /// <summary>Spins of a helper between jobs before it sleeps (with <see cref="SpinWait"/>, which yields as it goes).</summary>
    private const int SpinsBeforeSleep = 40;

    private static readonly SemaphoreSlim _wake = new(0);
    private static readonly Lock _startLock = new();
    private static Thread[]? _helpers;
    private static int _busy;
    private static int _sleepers;

    // The job: (generation << 32) | next piece to claim; the operands are written before the word is published.
    private static long _state;
    private static int _parts;
    private static int _done;
    private static delegate*<void*, int, void> _run;
    private static void* _job;
    private static ExceptionDispatchInfo? _error;

    /// <summary>
    /// Runs <paramref name="run"/>(job, piece) for every piece in [0, <paramref name="parts"/>), split over the
    /// helpers when they are free and on this thread alone when they are not (or when there is one core).
    /// </summary>
    /// <param name="job">The caller's operands; they must stay put until this returns (a local is fine).</param>
    /// <param name="run">Runs one piece; pieces must be independent, as they run in any order on any thread.</param>
    /// <param name="parts">The number of pieces.</param>
    public static void Run(void* job, delegate*<void*, int, void> run, int parts)
    {
        if (parts > 1 && Environment.ProcessorCount > 1 && TryRun(job, run, parts))
        {
            return;
        }

        for (var piece = 0; piece < parts; piece++)
        {
            run(job, piece);
        }
    }

    /// <summary>
    /// Runs <c>job.Run(piece)</c> for every piece in [0, <paramref name="parts"/>): split over the helpers when
    /// <paramref name="split"/> holds and they are free, on this thread in piece order otherwise.
    /// </summary>
    /// <param name="job">The operands: a local of the caller (it is handed to the helpers by address).</param>
    /// <param name="parts">The number of pieces.</param>
    /// <param name="split">False when the work is too small to be worth a hand-off.</param>
    public static void Run<TJob>(scoped ref TJob job, int parts, bool split = true)
        where TJob : struct, IWorkPieces
    {
        if (split && parts > 1 && Environment.ProcessorCount > 1 && TryRun(Unsafe.AsPointer(ref job), &RunPiece<TJob>, parts))
        {
            return;
        }

        for (var piece = 0; piece < parts; piece++)
        {
            job.Run(piece);
        }
    }

    private static void RunPiece<TJob>(void* job, int piece)
        where TJob : struct, IWorkPieces => Unsafe.AsRef<TJob>(job).Run(piece);

    /// <summary>
    /// Runs <paramref name="run"/>(job, piece) for every piece in [0, <paramref name="parts"/>), on this thread and
    /// any helper that claims one; returns false (running nothing) when the helpers are taken, so the caller runs the
    /// pieces serially.
    /// </summary>
    public static bool TryRun(void* job, delegate*<void*, int, void> run, int parts)
    {
        // The helpers start on the first call, taken or not, so that a later call never pays for (or allocates) them.
        EnsureHelpers();
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return false;
        }

        try
        {
            _job = job;
            _run = run;
            _parts = parts;
            _done = 0;
            _error = null;
            var generation = (Volatile.Read(ref _state) >> 32) + 1;

            // Publish with a full fence, then wake sleepers (a helper counts itself a sleeper before its last check).
            Interlocked.Exchange(ref _state, generation << 32);
            var sleepers = Volatile.Read(ref _sleepers);
            if (sleepers > 0)
            {
                _wake.Release(Math.Min(sleepers, parts - 1));
            }

            Work(generation);
            var spin = default(SpinWait);
            while (Volatile.Read(ref _done) < parts)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            _error?.Throw();
            return true;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Claims and runs pieces of job <paramref name="generation"/> until none is left.</summary>
    private static void Work(long generation)
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            var piece = (int)(state & 0xFFFFFFFF);
            if (state >> 32 != generation || piece >= _parts)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _state, state + 1, state) != state)
            {
                continue;
            }

            // The claim succeeded for this generation: the operands stay put until every claimed piece is done.
            try
            {
                _run(_job, piece);
            }
            catch (Exception e)
            {
                _error ??= ExceptionDispatchInfo.Capture(e);
            }

            Interlocked.Increment(ref _done);
        }
    }

    private static void EnsureHelpers()
    {
        if (_helpers is not null)
        {
            return;
        }

        lock (_startLock)
        {
            if (_helpers is not null)
            {
                return;
            }

            var helpers = new Thread[Math.Max(0, Environment.ProcessorCount - 1)];
            for (var i = 0; i < helpers.Length; i++)
            {
                helpers[i] = new Thread(HelperLoop) { IsBackground = true, Name = $"AutoDiffGen kernel helper {i + 1}" };
                helpers[i].Start();
            }

            _helpers = helpers;
        }
    }

    private static void HelperLoop()
    {
        long seen = 0;
        while (true)
        {
            var spin = default(SpinWait);
            long generation;
            while ((generation = Volatile.Read(ref _state) >> 32) == seen)
            {
                if (spin.Count < SpinsBeforeSleep)
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                    continue;
                }

                Interlocked.Increment(ref _sleepers);
                if (Volatile.Read(ref _state) >> 32 == seen)
                {
                    _wake.Wait();
                }

                Interlocked.Decrement(ref _sleepers);
                spin = default;
            }

            seen = generation;
            Work(generation);
        }
    }
}

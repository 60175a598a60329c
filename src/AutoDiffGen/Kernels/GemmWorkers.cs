using System.Runtime.ExceptionServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Persistent helper threads for splitting one product over the cores, without <c>Parallel.For</c>'s per-call
/// delegates, closures and task objects. The caller publishes a job of <c>parts</c> independent pieces and works on
/// them itself; helpers claim pieces as they wake. The caller never waits for a helper to start: pieces nobody has
/// claimed yet it runs itself, so on a loaded machine (the other core busy) a product costs what it costs on one
/// thread, and on an idle one it is split.
/// </summary>
/// <remarks>
/// One job runs at a time: a product started while another holds the helpers (another thread, or a nested call)
/// runs on its own thread. A helper spins briefly after each job (a training step's products come in bursts a few
/// microseconds apart) and then sleeps on a semaphore. Claims carry the job's generation in the same 64-bit word as
/// the next piece, so a helper that wakes late can never take a piece of a newer job with the older job's operands.
/// </remarks>
internal static unsafe class GemmWorkers
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
    private static delegate*<in Job, int, void> _run;
    private static Job _job;
    private static ExceptionDispatchInfo? _error;

    /// <summary>The operands of one split product, read by every piece (see <see cref="Gemm"/>).</summary>
    internal struct Job
    {
        public nint A;
        public nint B;
        public nint C;
        public int M;
        public int N;
        public int K;
        public nint Ars;
        public nint Acs;
        public nint Brs;
        public nint Bcs;
        public nint Ldc;
        public Gemm.Epilogue Epilogue;
        public double Alpha;
        public int Nr;
        public bool SplitN;
        public int Unit;
        public int Units;
        public int Parts;
    }

    /// <summary>
    /// Runs <paramref name="run"/>(job, piece) for every piece in [0, job.Parts), on this thread and any helper that
    /// claims one; returns false (running nothing) when the helpers are taken, so the caller runs the product serially.
    /// </summary>
    public static bool TryRun(in Job job, delegate*<in Job, int, void> run)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return false;
        }

        try
        {
            EnsureHelpers();
            _job = job;
            _run = run;
            _parts = job.Parts;
            _done = 0;
            _error = null;
            var generation = (Volatile.Read(ref _state) >> 32) + 1;

            // Publish with a full fence, then wake sleepers (a helper counts itself a sleeper before its last check).
            Interlocked.Exchange(ref _state, generation << 32);
            var sleepers = Volatile.Read(ref _sleepers);
            if (sleepers > 0)
            {
                _wake.Release(Math.Min(sleepers, job.Parts - 1));
            }

            Work(generation);
            var spin = default(SpinWait);
            while (Volatile.Read(ref _done) < job.Parts)
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
                _run(in _job, piece);
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
                helpers[i] = new Thread(HelperLoop) { IsBackground = true, Name = $"AutoDiffGen GEMM helper {i + 1}" };
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

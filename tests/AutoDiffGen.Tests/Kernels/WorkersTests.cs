using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

/// <summary>
/// <see cref="Workers"/>' job-struct form (<see cref="IWorkPieces"/>): every piece runs exactly once, whether the
/// helpers take part, the call is nested inside another job's piece, or several threads start jobs at once; a
/// piece's exception reaches the caller; and a call allocates nothing.
/// </summary>
[Collection(nameof(GemmTests))]
public unsafe class WorkersTests
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(7, true)]
    [InlineData(64, true)]
    [InlineData(64, false)]
    public void EveryPieceRunsExactlyOnce(int parts, bool split)
    {
        var counts = new int[parts];
        fixed (int* p = counts)
        {
            var job = new CountingJob { Counts = p };
            Workers.Run(ref job, parts, split);
        }

        Assert.All(counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void AJobStartedInsideAPieceRunsAllOfItsPieces()
    {
        const int Outer = 8, Inner = 16;
        var counts = new int[Outer * Inner];
        fixed (int* p = counts)
        {
            var job = new NestingJob { Counts = p, Inner = Inner };
            Workers.Run(ref job, Outer);
        }

        Assert.All(counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void JobsFromSeveralThreadsAtOnceEachRunAllTheirPieces()
    {
        var failures = 0;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            var counts = new int[32];
            for (var round = 0; round < 200; round++)
            {
                Array.Clear(counts);
                fixed (int* p = counts)
                {
                    var job = new CountingJob { Counts = p };
                    Workers.Run(ref job, counts.Length);
                }

                if (Array.Exists(counts, c => c != 1))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });
        Assert.Equal(0, failures);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void APiecesExceptionReachesTheCallerAndTheHelpersStayUsable(bool split)
    {
        var job = new ThrowingJob { Bad = 5 };
        var e = Assert.Throws<InvalidOperationException>(() => Workers.Run(ref job, 16, split));
        Assert.Equal("piece 5 failed", e.Message);
        EveryPieceRunsExactlyOnce(64, true);
    }

    [Fact]
    public void ARunAllocatesNothing()
    {
        var counts = new int[64];
        fixed (int* p = counts)
        {
            var job = new CountingJob { Counts = p };
            Workers.Run(ref job, counts.Length);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 20; i++)
            {
                Workers.Run(ref job, counts.Length);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    private struct CountingJob : IWorkPieces
    {
        public int* Counts;

        public readonly void Run(int piece)
        {
            // A little work, so that helpers that wake get a chance to claim pieces.
            Thread.SpinWait(200);
            Interlocked.Increment(ref Counts[piece]);
        }
    }

    private struct NestingJob : IWorkPieces
    {
        public int* Counts;
        public int Inner;

        public readonly void Run(int piece)
        {
            var inner = new CountingJob { Counts = Counts + (piece * Inner) };
            Workers.Run(ref inner, Inner);
        }
    }

    private struct ThrowingJob : IWorkPieces
    {
        public int Bad;

        public readonly void Run(int piece)
        {
            if (piece == Bad)
            {
                throw new InvalidOperationException($"piece {piece} failed");
            }
        }
    }
}

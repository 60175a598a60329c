using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.NN;

/// <summary>
/// Warm conv and pool kernels allocate nothing on the calling thread: no closures, delegates, Parallel.For or per-call
/// arrays (scratch is rented). Measured around the kernel calls only, on preallocated pinned arrays, at LeNet sizes
/// big enough to be split over the cores.
/// </summary>
public unsafe class KernelAllocationTests
{
    [Fact]
    public void A_warm_conv2d_forward_and_backward_allocates_nothing()
    {
        foreach (var (g, name) in new[]
        {
            (new ConvGeometry(32, 1, 28, 28, 6, 5, 5, 1, 1, 2, 2), "conv1"),
            (new ConvGeometry(32, 6, 14, 14, 16, 5, 5, 1, 1, 0, 0), "conv2"),
            (new ConvGeometry(16, 4, 9, 9, 8, 3, 3, 2, 2, 1, 1), "strided (im2col)"),
        })
        {
            var x = Filled(g.N * g.C * g.H * g.W, 1);
            var w = Filled(g.O * g.Ckk, 2);
            var b = Filled(g.O, 3);
            var y = Filled(g.N * g.O * g.P, 4);
            var gx = Filled(x.Length, 5);
            var gw = Filled(w.Length, 6);
            fixed (float* px = x, pw = w, pb = b, py = y, pgx = gx, pgw = gw)
            {
                var (ax, aw, ab, ay, agx, agw) = ((nint)px, (nint)pw, (nint)pb, (nint)py, (nint)pgx, (nint)pgw);
                Assert.True(
                    BytesPerCall(() =>
                    {
                        ConvKernels.Forward((float*)ax, (float*)aw, (float*)ab, (float*)ay, g);
                        ConvKernels.Backward((float*)ax, (float*)aw, (float*)ay, (float*)agx, (float*)agw, g);
                        ConvKernels.Backward((float*)ax, (float*)aw, (float*)ay, null, (float*)agw, g);
                    }) == 0,
                    name);
            }
        }
    }

    [Fact]
    public void Warm_max_and_avg_pooling_forward_and_backward_allocate_nothing()
    {
        foreach (var g in new[] { new PoolGeometry(32 * 6, 28, 28, 2, 2, 2, 2, 0, 0), new PoolGeometry(64, 15, 15, 3, 3, 2, 2, 1, 1) })
        {
            var x = Filled(g.Planes * g.H * g.W, 7);
            var y = Filled(g.Planes * g.OH * g.OW, 8);
            var gx = Filled(x.Length, 9);
            Assert.Equal(0, BytesPerCall(() =>
            {
                PoolKernels.MaxForward<float>(x, y, g);
                PoolKernels.MaxBackward<float>(x, y, gx, g);
                PoolKernels.AvgForward<float>(x, y, g);
                PoolKernels.AvgBackward<float>(y, gx, g);
            }));
        }
    }

    private static float[] Filled(int length, int seed)
    {
        var rng = new System.Random(seed);
        var a = GC.AllocateUninitializedArray<float>(length, pinned: true);
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = (float)(rng.NextDouble() - 0.5);
        }

        return a;
    }

    /// <summary>
    /// Bytes allocated on this thread per call, after warm-up calls (the closure is created once, outside): the least
    /// of three rounds. A kernel's per-thread scratch is made the first time a thread runs one of its pieces, and when
    /// other tests hold the shared helpers (the suite runs classes in parallel) that first time can fall in a measured
    /// round; a kernel that allocated on every call would allocate in every round.
    /// </summary>
    private static long BytesPerCall(Action action)
    {
        for (var i = 0; i < 5; i++)
        {
            action();
        }

        var least = long.MaxValue;
        for (var round = 0; round < 3 && least > 0; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 5; i++)
            {
                action();
            }

            least = Math.Min(least, (GC.GetAllocatedBytesForCurrentThread() - before) / 5);
        }

        return least;
    }
}

using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Layer and batch normalisation on the CPU. Statistics are taken in double with two passes (mean, then squared
/// deviations), so float32 inputs with a large mean keep their digits. Backward passes recompute the statistics
/// from the input instead of storing them. Work is split into chunks whose number depends on the sizes only, and
/// partial sums are combined in chunk order, so results do not depend on the core count.
/// </summary>
internal static class NormKernels
{
    private const long ParallelThreshold = 1 << 15;
    private const int MaxChunks = 8;

    /// <summary>
    /// y = (x − mean)·rstd·w + b for each row of length d (w, b empty when absent); rstd = 1/√(var + eps) with the
    /// biased variance of the row.
    /// </summary>
    public static void LayerNormForward<T>(ReadOnlySpan<T> x, int rows, int d, ReadOnlySpan<T> w, ReadOnlySpan<T> b, double eps, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        unsafe
        {
            fixed (T* px = x, pw = w, pb = b, py = y)
            {
                var (ax, aw, ab, ay, hasW, hasB) = ((nint)px, (nint)pw, (nint)pb, (nint)py, !w.IsEmpty, !b.IsEmpty);
                Chunks(rows, (long)rows * d, (start, end, _) =>
                {
                    for (var r = start; r < end; r++)
                    {
                        var row = new ReadOnlySpan<T>((T*)ax + ((long)r * d), d);
                        var dst = new Span<T>((T*)ay + ((long)r * d), d);
                        var (mean, rstd) = RowStats(row, eps);
                        for (var i = 0; i < d; i++)
                        {
                            var v = (double.CreateTruncating(row[i]) - mean) * rstd;
                            if (hasW)
                            {
                                v *= double.CreateTruncating(((T*)aw)[i]);
                            }

                            if (hasB)
                            {
                                v += double.CreateTruncating(((T*)ab)[i]);
                            }

                            dst[i] = T.CreateTruncating(v);
                        }
                    }
                });
            }
        }
    }

    /// <summary>
    /// The adjoints of LayerNorm: gx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = gy·w (gx empty: skipped),
    /// gw = Σ_rows gy·x̂ and gb = Σ_rows gy (null: skipped).
    /// </summary>
    public static void LayerNormBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gy, int rows, int d, ReadOnlySpan<T> w, double eps, Span<T> gx, double[]? gw, double[]? gb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var chunks = ChunkCount(rows);
        var partialW = gw is null ? null : new double[chunks][];
        var partialB = gb is null ? null : new double[chunks][];
        unsafe
        {
            fixed (T* px = x, pgy = gy, pw = w, pgx = gx)
            {
                var (ax, agy, aw, agx, hasW, wantX) = ((nint)px, (nint)pgy, (nint)pw, (nint)pgx, !w.IsEmpty, !gx.IsEmpty);
                Chunks(rows, (long)rows * d, (start, end, chunk) =>
                {
                    var sw = partialW is null ? null : partialW[chunk] = new double[d];
                    var sb = partialB is null ? null : partialB[chunk] = new double[d];
                    for (var r = start; r < end; r++)
                    {
                        var row = new ReadOnlySpan<T>((T*)ax + ((long)r * d), d);
                        var g = new ReadOnlySpan<T>((T*)agy + ((long)r * d), d);
                        var (mean, rstd) = RowStats(row, eps);
                        double sumG = 0, sumGx = 0;
                        for (var i = 0; i < d; i++)
                        {
                            var xhat = (double.CreateTruncating(row[i]) - mean) * rstd;
                            var gi = double.CreateTruncating(g[i]);
                            var ghat = hasW ? gi * double.CreateTruncating(((T*)aw)[i]) : gi;
                            sumG += ghat;
                            sumGx += ghat * xhat;
                            if (sw is not null)
                            {
                                sw[i] += gi * xhat;
                            }

                            if (sb is not null)
                            {
                                sb[i] += gi;
                            }
                        }

                        if (wantX)
                        {
                            var dst = new Span<T>((T*)agx + ((long)r * d), d);
                            var (mg, mgx) = (sumG / d, sumGx / d);
                            for (var i = 0; i < d; i++)
                            {
                                var xhat = (double.CreateTruncating(row[i]) - mean) * rstd;
                                var gi = double.CreateTruncating(g[i]);
                                var ghat = hasW ? gi * double.CreateTruncating(((T*)aw)[i]) : gi;
                                dst[i] = T.CreateTruncating(rstd * (ghat - mg - (xhat * mgx)));
                            }
                        }
                    }
                });
            }
        }

        Combine(partialW, gw);
        Combine(partialB, gb);
    }

    /// <summary>Per-channel mean and biased variance of x laid out as [n, c, s].</summary>
    public static void ChannelStats<T>(ReadOnlySpan<T> x, int n, int c, int s, double[] mean, double[] variance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var count = (double)n * s;
        unsafe
        {
            fixed (T* px = x)
            {
                var ax = (nint)px;
                ForChannels(c, (long)n * c * s, ch =>
                {
                    double sum = 0;
                    for (var b = 0; b < n; b++)
                    {
                        sum += LinearKernels.Sum(new ReadOnlySpan<T>((T*)ax + ((((long)b * c) + ch) * s), s));
                    }

                    var m = sum / count;
                    double squares = 0;
                    for (var b = 0; b < n; b++)
                    {
                        var slice = new ReadOnlySpan<T>((T*)ax + ((((long)b * c) + ch) * s), s);
                        for (var i = 0; i < s; i++)
                        {
                            var dev = double.CreateTruncating(slice[i]) - m;
                            squares += dev * dev;
                        }
                    }

                    mean[ch] = m;
                    variance[ch] = squares / count;
                });
            }
        }
    }

    /// <summary>y[b, ch, i] = x[b, ch, i]·scale[ch] + shift[ch].</summary>
    public static void ChannelAffine<T>(ReadOnlySpan<T> x, int n, int c, int s, double[] scale, double[] shift, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        unsafe
        {
            fixed (T* px = x, py = y)
            {
                var (ax, ay) = ((nint)px, (nint)py);
                ForChannels(c, (long)n * c * s, ch =>
                {
                    var (a, b) = (T.CreateTruncating(scale[ch]), T.CreateTruncating(shift[ch]));
                    for (var k = 0; k < n; k++)
                    {
                        var offset = (((long)k * c) + ch) * s;
                        var src = new ReadOnlySpan<T>((T*)ax + offset, s);
                        var dst = new Span<T>((T*)ay + offset, s);
                        for (var i = 0; i < s; i++)
                        {
                            dst[i] = (src[i] * a) + b;
                        }
                    }
                });
            }
        }
    }

    /// <summary>
    /// The adjoints of BatchNorm with per-channel statistics mean and rstd (the batch's in training, the running
    /// ones in evaluation): gw[ch] = Σ gy·x̂, gb[ch] = Σ gy, and gx = w·rstd·(gy − mean(gy) − x̂·mean(gy·x̂)) in
    /// training (the statistics depend on x) or w·rstd·gy in evaluation. gx empty: skipped.
    /// </summary>
    public static void ChannelBackward<T>(
        ReadOnlySpan<T> x, ReadOnlySpan<T> gy, int n, int c, int s, double[] mean, double[] rstd, double[]? weight, bool training, Span<T> gx, double[] gw, double[] gb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var count = (double)n * s;
        unsafe
        {
            fixed (T* px = x, pgy = gy, pgx = gx)
            {
                var (ax, agy, agx, wantX) = ((nint)px, (nint)pgy, (nint)pgx, !gx.IsEmpty);
                ForChannels(c, (long)n * c * s, ch =>
                {
                    double sumG = 0, sumGx = 0;
                    var (m, r) = (mean[ch], rstd[ch]);
                    for (var k = 0; k < n; k++)
                    {
                        var offset = (((long)k * c) + ch) * s;
                        var src = new ReadOnlySpan<T>((T*)ax + offset, s);
                        var g = new ReadOnlySpan<T>((T*)agy + offset, s);
                        for (var i = 0; i < s; i++)
                        {
                            var gi = double.CreateTruncating(g[i]);
                            sumG += gi;
                            sumGx += gi * (double.CreateTruncating(src[i]) - m) * r;
                        }
                    }

                    gw[ch] = sumGx;
                    gb[ch] = sumG;
                    if (!wantX)
                    {
                        return;
                    }

                    var scale = (weight is null ? 1 : weight[ch]) * r;
                    var (mg, mgx) = training ? (sumG / count, sumGx / count) : (0, 0);
                    for (var k = 0; k < n; k++)
                    {
                        var offset = (((long)k * c) + ch) * s;
                        var src = new ReadOnlySpan<T>((T*)ax + offset, s);
                        var g = new ReadOnlySpan<T>((T*)agy + offset, s);
                        var dst = new Span<T>((T*)agx + offset, s);
                        for (var i = 0; i < s; i++)
                        {
                            var xhat = (double.CreateTruncating(src[i]) - m) * r;
                            dst[i] = T.CreateTruncating(scale * (double.CreateTruncating(g[i]) - mg - (xhat * mgx)));
                        }
                    }
                });
            }
        }
    }

    private static (double Mean, double Rstd) RowStats<T>(ReadOnlySpan<T> row, double eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var mean = LinearKernels.Sum(row) / row.Length;
        double squares = 0;
        for (var i = 0; i < row.Length; i++)
        {
            var dev = double.CreateTruncating(row[i]) - mean;
            squares += dev * dev;
        }

        return (mean, 1 / Math.Sqrt((squares / row.Length) + eps));
    }

    private static int ChunkCount(int rows) => Math.Max(1, Math.Min(MaxChunks, rows));

    /// <summary>body(start, end, chunk) over a fixed split of [0, rows); chunks run in parallel for enough work.</summary>
    private static void Chunks(int rows, long work, Action<int, int, int> body)
    {
        var chunks = ChunkCount(rows);
        void Run(int chunk) => body((int)((long)rows * chunk / chunks), (int)((long)rows * (chunk + 1) / chunks), chunk);
        if (chunks == 1 || work < ParallelThreshold || Environment.ProcessorCount == 1)
        {
            for (var i = 0; i < chunks; i++)
            {
                Run(i);
            }

            return;
        }

        Parallel.For(0, chunks, Run);
    }

    private static void ForChannels(int c, long work, Action<int> body)
    {
        if (c <= 1 || work < ParallelThreshold || Environment.ProcessorCount == 1)
        {
            for (var ch = 0; ch < c; ch++)
            {
                body(ch);
            }

            return;
        }

        Parallel.For(0, c, body);
    }

    /// <summary>total = Σ partials, in chunk order (chunks that had no rows left null).</summary>
    private static void Combine(double[][]? partials, double[]? total)
    {
        if (partials is null || total is null)
        {
            return;
        }

        Array.Clear(total);
        foreach (var p in partials)
        {
            if (p is null)
            {
                continue;
            }

            for (var i = 0; i < total.Length; i++)
            {
                total[i] += p[i];
            }
        }
    }
}

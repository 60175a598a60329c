using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Layer and batch normalisation on the CPU. Statistics are taken in double with two passes (mean, then squared
/// deviations), so float32 inputs with a large mean keep their digits. Backward passes recompute the statistics
/// from the input instead of storing them. Work is split into chunks whose number depends on the sizes only, and
/// partial sums are combined in chunk order, so results do not depend on the core count.
/// </summary>
/// <remarks>
/// Each kernel's operands travel as a job struct to <see cref="Workers"/> (rows in chunks for LayerNorm, one piece
/// per channel for BatchNorm), so a call allocates nothing, whether or not it is split.
/// </remarks>
internal static unsafe partial class NormKernels
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
        fixed (T* px = x, pw = w, pb = b, py = y)
        {
            var job = new LayerNormForwardJob<T>
            {
                X = px,
                W = w.IsEmpty ? null : pw,
                B = b.IsEmpty ? null : pb,
                Y = py,
                Rows = rows,
                D = d,
                Eps = eps,
                Chunks = ChunkCount(rows),
            };
            Workers.Run(ref job, job.Chunks, Split((long)rows * d));
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

        // Each chunk sums its rows into its own slice; the slices are added in chunk order afterwards.
        var partialW = gw is null ? null : Internal.Scratch.Doubles(chunks * d);
        var partialB = gb is null ? null : Internal.Scratch.Doubles(chunks * d);
        fixed (T* px = x, pgy = gy, pw = w, pgx = gx)
        fixed (double* psw = partialW, psb = partialB)
        {
            var job = new LayerNormBackwardJob<T>
            {
                X = px,
                GY = pgy,
                W = w.IsEmpty ? null : pw,
                GX = gx.IsEmpty ? null : pgx,
                SumW = psw,
                SumB = psb,
                Rows = rows,
                D = d,
                Eps = eps,
                Chunks = chunks,
            };
            Workers.Run(ref job, chunks, Split((long)rows * d));
        }

        Combine(partialW, chunks, gw);
        Combine(partialB, chunks, gb);
    }

    /// <summary>Per-channel mean and biased variance of x laid out as [n, c, s].</summary>
    public static void ChannelStats<T>(ReadOnlySpan<T> x, int n, int c, int s, double[] mean, double[] variance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* px = x)
        {
            var job = new ChannelStatsJob<T> { X = px, N = n, C = c, S = s, Mean = mean, Variance = variance };
            Workers.Run(ref job, c, Split((long)n * c * s));
        }
    }

    /// <summary>y[b, ch, i] = x[b, ch, i]·scale[ch] + shift[ch].</summary>
    public static void ChannelAffine<T>(ReadOnlySpan<T> x, int n, int c, int s, double[] scale, double[] shift, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* px = x, py = y)
        {
            var job = new ChannelAffineJob<T> { X = px, Y = py, N = n, C = c, S = s, Scale = scale, Shift = shift };
            Workers.Run(ref job, c, Split((long)n * c * s));
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
        fixed (T* px = x, pgy = gy, pgx = gx)
        {
            var job = new ChannelBackwardJob<T>
            {
                X = px,
                GY = pgy,
                GX = gx.IsEmpty ? null : pgx,
                N = n,
                C = c,
                S = s,
                Mean = mean,
                Rstd = rstd,
                Weight = weight,
                Training = training,
                GW = gw,
                GB = gb,
            };
            Workers.Run(ref job, c, Split((long)n * c * s));
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

    /// <summary>The first row of chunk <paramref name="chunk"/> of <paramref name="chunks"/> over <paramref name="rows"/>.</summary>
    private static int ChunkStart(int rows, int chunk, int chunks) => (int)((long)rows * chunk / chunks);

    /// <summary>Whether a kernel with this many elements is worth handing to the helpers.</summary>
    private static bool Split(long work) => work >= ParallelThreshold;

    /// <summary>total = Σ over chunks of partials' slices of total's length, in chunk order.</summary>
    private static void Combine(double[]? partials, int chunks, double[]? total)
    {
        if (partials is null || total is null)
        {
            return;
        }

        Array.Clear(total);
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            var slice = partials.AsSpan(chunk * total.Length, total.Length);
            for (var i = 0; i < total.Length; i++)
            {
                total[i] += slice[i];
            }
        }
    }
}

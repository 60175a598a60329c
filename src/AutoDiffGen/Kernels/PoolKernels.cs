using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>The sizes of a 2-D pooling over <see cref="Planes"/> planes of H×W (N·C of an [N, C, H, W] input).</summary>
internal readonly record struct PoolGeometry(int Planes, int H, int W, int KH, int KW, int SH, int SW, int PH, int PW)
{
    public int OH => ((H + (2 * PH) - KH) / SH) + 1;

    public int OW => ((W + (2 * PW) - KW) / SW) + 1;
}

/// <summary>
/// Max and average pooling on the CPU, plane by plane (planes in parallel when there is enough work). Max pooling's
/// adjoint goes to the first maximum of each window (the one PyTorch's CPU kernel picks; a NaN counts as the
/// maximum), recomputed from the input rather than stored. Average pooling counts the padding in the divisor
/// (PyTorch's default count_include_pad=True), so every window divides by KH·KW.
/// </summary>
internal static class PoolKernels
{
    private const long ParallelThreshold = 1 << 16;

    public static void MaxForward<T>(ReadOnlySpan<T> x, Span<T> y, PoolGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var windows = Windows.Of(g);
        unsafe
        {
            fixed (T* px = x, py = y)
            {
                var (ax, ay) = ((nint)px, (nint)py);
                ForPlanes(g, plane =>
                {
                    var src = (T*)ax + ((long)plane * g.H * g.W);
                    var dst = (T*)ay + ((long)plane * g.OH * g.OW);
                    for (var oh = 0; oh < g.OH; oh++)
                    {
                        for (var ow = 0; ow < g.OW; ow++)
                        {
                            dst[(oh * g.OW) + ow] = src[ArgMax(src, oh, ow, windows, g.W)];
                        }
                    }
                });
            }
        }
    }

    /// <summary>gx (zeroed here) gets each output's adjoint added at its window's first maximum.</summary>
    public static void MaxBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gy, Span<T> gx, PoolGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var windows = Windows.Of(g);
        unsafe
        {
            fixed (T* px = x, pgy = gy, pgx = gx)
            {
                var (ax, agy, agx) = ((nint)px, (nint)pgy, (nint)pgx);
                ForPlanes(g, plane =>
                {
                    var src = (T*)ax + ((long)plane * g.H * g.W);
                    var adj = (T*)agy + ((long)plane * g.OH * g.OW);
                    var dst = (T*)agx + ((long)plane * g.H * g.W);
                    new Span<T>(dst, g.H * g.W).Clear();
                    for (var oh = 0; oh < g.OH; oh++)
                    {
                        for (var ow = 0; ow < g.OW; ow++)
                        {
                            dst[ArgMax(src, oh, ow, windows, g.W)] += adj[(oh * g.OW) + ow];
                        }
                    }
                });
            }
        }
    }

    public static void AvgForward<T>(ReadOnlySpan<T> x, Span<T> y, PoolGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var divisor = T.CreateTruncating(g.KH * g.KW);
        var windows = Windows.Of(g);
        unsafe
        {
            fixed (T* px = x, py = y)
            {
                var (ax, ay) = ((nint)px, (nint)py);
                ForPlanes(g, plane =>
                {
                    var src = new ReadOnlySpan<T>((T*)ax + ((long)plane * g.H * g.W), g.H * g.W);
                    var dst = new Span<T>((T*)ay + ((long)plane * g.OH * g.OW), g.OH * g.OW);
                    for (var oh = 0; oh < g.OH; oh++)
                    {
                        for (var ow = 0; ow < g.OW; ow++)
                        {
                            var (h0, h1) = (windows.Rows[2 * oh], windows.Rows[(2 * oh) + 1]);
                            var (w0, w1) = (windows.Cols[2 * ow], windows.Cols[(2 * ow) + 1]);
                            var sum = T.Zero;
                            for (var ih = h0; ih < h1; ih++)
                            {
                                for (var iw = w0; iw < w1; iw++)
                                {
                                    sum += src[(ih * g.W) + iw];
                                }
                            }

                            dst[(oh * g.OW) + ow] = sum / divisor;
                        }
                    }
                });
            }
        }
    }

    /// <summary>gx (zeroed here) gets adjoint / (KH·KW) added over each window's pixels inside the input.</summary>
    public static void AvgBackward<T>(ReadOnlySpan<T> gy, Span<T> gx, PoolGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var divisor = T.CreateTruncating(g.KH * g.KW);
        var windows = Windows.Of(g);
        unsafe
        {
            fixed (T* pgy = gy, pgx = gx)
            {
                var (agy, agx) = ((nint)pgy, (nint)pgx);
                ForPlanes(g, plane =>
                {
                    var adj = new ReadOnlySpan<T>((T*)agy + ((long)plane * g.OH * g.OW), g.OH * g.OW);
                    var dst = new Span<T>((T*)agx + ((long)plane * g.H * g.W), g.H * g.W);
                    dst.Clear();
                    for (var oh = 0; oh < g.OH; oh++)
                    {
                        for (var ow = 0; ow < g.OW; ow++)
                        {
                            var (h0, h1) = (windows.Rows[2 * oh], windows.Rows[(2 * oh) + 1]);
                            var (w0, w1) = (windows.Cols[2 * ow], windows.Cols[(2 * ow) + 1]);
                            var share = adj[(oh * g.OW) + ow] / divisor;
                            for (var ih = h0; ih < h1; ih++)
                            {
                                for (var iw = w0; iw < w1; iw++)
                                {
                                    dst[(ih * g.W) + iw] += share;
                                }
                            }
                        }
                    }
                });
            }
        }
    }

    /// <summary>The flat index (in the plane) of the first maximum of window (oh, ow); a NaN wins, as in PyTorch.</summary>
    private static unsafe int ArgMax<T>(T* plane, int oh, int ow, Windows windows, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (h0, h1) = (windows.Rows[2 * oh], windows.Rows[(2 * oh) + 1]);
        var (w0, w1) = (windows.Cols[2 * ow], windows.Cols[(2 * ow) + 1]);
        var best = (h0 * width) + w0;
        var max = T.NegativeInfinity;
        for (var ih = h0; ih < h1; ih++)
        {
            var row = plane + (ih * width);
            for (var iw = w0; iw < w1; iw++)
            {
                var v = row[iw];
                if (v > max || T.IsNaN(v))
                {
                    max = v;
                    best = (ih * width) + iw;
                }
            }
        }

        return best;
    }

    private static void ForPlanes(PoolGeometry g, Action<int> body)
    {
        var work = (long)g.Planes * g.OH * g.OW * g.KH * g.KW;
        if (g.Planes <= 1 || work < ParallelThreshold || Environment.ProcessorCount == 1)
        {
            for (var i = 0; i < g.Planes; i++)
            {
                body(i);
            }

            return;
        }

        Parallel.For(0, g.Planes, body);
    }

    /// <summary>Every window's clipped [start, end) rows and columns, computed once per call instead of per output.</summary>
    private sealed class Windows
    {
        private Windows(int[] rows, int[] cols) => (Rows, Cols) = (rows, cols);

        /// <summary>[2·oh] = first row, [2·oh + 1] = end row of output row oh's window.</summary>
        public int[] Rows { get; }

        public int[] Cols { get; }

        public static Windows Of(PoolGeometry g) => new(Ranges(g.OH, g.SH, g.PH, g.KH, g.H), Ranges(g.OW, g.SW, g.PW, g.KW, g.W));

        private static int[] Ranges(int outSize, int stride, int pad, int kernel, int size)
        {
            var ranges = new int[2 * outSize];
            for (var o = 0; o < outSize; o++)
            {
                var start = (o * stride) - pad;
                ranges[2 * o] = Math.Max(start, 0);
                ranges[(2 * o) + 1] = Math.Min(start + kernel, size);
            }

            return ranges;
        }
    }
}

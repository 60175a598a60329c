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
                            dst[(oh * g.OW) + ow] = src[ArgMax(src, oh, ow, g)];
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
        unsafe
        {
            fixed (T* px = x, pgy = gy, pgx = gx)
            {
                var (ax, agy, agx) = ((nint)px, (nint)pgy, (nint)pgx);
                ForPlanes(g, plane =>
                {
                    var src = new ReadOnlySpan<T>((T*)ax + ((long)plane * g.H * g.W), g.H * g.W);
                    var adj = new ReadOnlySpan<T>((T*)agy + ((long)plane * g.OH * g.OW), g.OH * g.OW);
                    var dst = new Span<T>((T*)agx + ((long)plane * g.H * g.W), g.H * g.W);
                    dst.Clear();
                    for (var oh = 0; oh < g.OH; oh++)
                    {
                        for (var ow = 0; ow < g.OW; ow++)
                        {
                            dst[ArgMax(src, oh, ow, g)] += adj[(oh * g.OW) + ow];
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
                            var (h0, h1, w0, w1) = Window(oh, ow, g);
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
                            var (h0, h1, w0, w1) = Window(oh, ow, g);
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
    private static int ArgMax<T>(ReadOnlySpan<T> plane, int oh, int ow, PoolGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (h0, h1, w0, w1) = Window(oh, ow, g);
        var best = (h0 * g.W) + w0;
        var max = T.NegativeInfinity;
        for (var ih = h0; ih < h1; ih++)
        {
            for (var iw = w0; iw < w1; iw++)
            {
                var v = plane[(ih * g.W) + iw];
                if (v > max || T.IsNaN(v))
                {
                    max = v;
                    best = (ih * g.W) + iw;
                }
            }
        }

        return best;
    }

    /// <summary>The window's rows [h0, h1) and columns [w0, w1), clipped to the input (padding is outside it).</summary>
    private static (int H0, int H1, int W0, int W1) Window(int oh, int ow, PoolGeometry g)
    {
        var hs = (oh * g.SH) - g.PH;
        var ws = (ow * g.SW) - g.PW;
        return (Math.Max(hs, 0), Math.Min(hs + g.KH, g.H), Math.Max(ws, 0), Math.Min(ws + g.KW, g.W));
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
}

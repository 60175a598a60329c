using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>The sizes of a 2-D pooling over <see cref="Planes"/> planes of H×W (N·C of an [N, C, H, W] input).</summary>
internal readonly record struct PoolGeometry(int Planes, int H, int W, int KH, int KW, int SH, int SW, int PH, int PW)
{
    public int OH => ((H + (2 * PH) - KH) / SH) + 1;

    public int OW => ((W + (2 * PW) - KW) / SW) + 1;

    /// <summary>LeNet's and most CNNs' pooling: 2×2 windows, stride 2, no padding (every window fully inside).</summary>
    public bool TwoByTwo => KH == 2 && KW == 2 && SH == 2 && SW == 2 && PH == 0 && PW == 0;
}

/// <summary>
/// Max and average pooling on the CPU, plane by plane (ranges of planes in parallel on <see cref="Workers"/> when
/// there is enough work; a warm call allocates nothing). Max pooling's adjoint goes to the first maximum of each
/// window (the one PyTorch's CPU kernel picks; a NaN counts as the maximum), recomputed from the input rather than
/// stored. Average pooling counts the padding in the divisor (PyTorch's count_include_pad=True), so every window
/// divides by KH·KW. Each output depends on its own window only, so results do not depend on the split.
/// </summary>
internal static unsafe partial class PoolKernels
{
    private const long ParallelThreshold = 1 << 16;

    private enum Kind
    {
        MaxForward,
        MaxBackward,
        AvgForward,
        AvgBackward,
    }

    public static void MaxForward<T>(ReadOnlySpan<T> x, Span<T> y, PoolGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* px = x, py = y)
        {
            Run<T>(Kind.MaxForward, px, null, py, g);
        }
    }

    /// <summary>gx (zeroed here) gets each output's adjoint added at its window's first maximum.</summary>
    public static void MaxBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gy, Span<T> gx, PoolGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* px = x, pgy = gy, pgx = gx)
        {
            Run<T>(Kind.MaxBackward, px, pgy, pgx, g);
        }
    }

    public static void AvgForward<T>(ReadOnlySpan<T> x, Span<T> y, PoolGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* px = x, py = y)
        {
            Run<T>(Kind.AvgForward, px, null, py, g);
        }
    }

    /// <summary>gx (zeroed here) gets adjoint / (KH·KW) added over each window's pixels inside the input.</summary>
    public static void AvgBackward<T>(ReadOnlySpan<T> gy, Span<T> gx, PoolGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* pgy = gy, pgx = gx)
        {
            Run<T>(Kind.AvgBackward, null, pgy, pgx, g);
        }
    }

    /// <summary>Splits the planes into pieces (one when the work is small) and runs them.</summary>
    private static void Run<T>(Kind kind, T* x, T* gy, T* output, PoolGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var work = (long)g.Planes * g.OH * g.OW * g.KH * g.KW;
        var parts = g.Planes <= 1 || work < ParallelThreshold ? 1 : Math.Min(g.Planes, 4 * Environment.ProcessorCount);
        var job = new Job { Kind = kind, X = (nint)x, GY = (nint)gy, Output = (nint)output, G = g, Parts = parts };
        Workers.Run(&job, &Piece<T>, parts);
    }

    private static void Piece<T>(void* operands, int piece)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref readonly var job = ref *(Job*)operands;
        var g = job.G;
        var start = (int)((long)g.Planes * piece / job.Parts);
        var end = (int)((long)g.Planes * (piece + 1) / job.Parts);
        long inPlane = g.H * g.W, outPlane = g.OH * g.OW;
        for (var plane = start; plane < end; plane++)
        {
            var x = (T*)job.X + (plane * inPlane);
            var gy = (T*)job.GY + (plane * outPlane);
            switch (job.Kind)
            {
                case Kind.MaxForward:
                    MaxPlane((T*)job.Output + (plane * outPlane), x, g);
                    break;
                case Kind.MaxBackward:
                    MaxBackPlane(x, gy, (T*)job.Output + (plane * inPlane), g);
                    break;
                case Kind.AvgForward:
                    AvgPlane(x, (T*)job.Output + (plane * outPlane), g);
                    break;
                default:
                    AvgBackPlane(gy, (T*)job.Output + (plane * inPlane), g);
                    break;
            }
        }
    }

    private static void MaxPlane<T>(T* y, T* src, PoolGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (g.TwoByTwo)
        {
            MaxPlane2x2(src, y, g);
            return;
        }

        for (var oh = 0; oh < g.OH; oh++)
        {
            for (var ow = 0; ow < g.OW; ow++)
            {
                y[(oh * g.OW) + ow] = src[ArgMax(src, oh, ow, g)];
            }
        }
    }

    private static void MaxBackPlane<T>(T* src, T* adj, T* dst, PoolGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        new Span<T>(dst, g.H * g.W).Clear();
        if (g.TwoByTwo)
        {
            MaxBackPlane2x2(src, adj, dst, g);
            return;
        }

        for (var oh = 0; oh < g.OH; oh++)
        {
            for (var ow = 0; ow < g.OW; ow++)
            {
                dst[ArgMax(src, oh, ow, g)] += adj[(oh * g.OW) + ow];
            }
        }
    }

    private static void AvgPlane<T>(T* src, T* dst, PoolGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var divisor = T.CreateTruncating(g.KH * g.KW);
        for (var oh = 0; oh < g.OH; oh++)
        {
            var (h0, h1) = Window(oh, g.SH, g.PH, g.KH, g.H);
            for (var ow = 0; ow < g.OW; ow++)
            {
                var (w0, w1) = Window(ow, g.SW, g.PW, g.KW, g.W);
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
    }

    private static void AvgBackPlane<T>(T* adj, T* dst, PoolGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var divisor = T.CreateTruncating(g.KH * g.KW);
        new Span<T>(dst, g.H * g.W).Clear();
        for (var oh = 0; oh < g.OH; oh++)
        {
            var (h0, h1) = Window(oh, g.SH, g.PH, g.KH, g.H);
            for (var ow = 0; ow < g.OW; ow++)
            {
                var (w0, w1) = Window(ow, g.SW, g.PW, g.KW, g.W);
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
    }

    /// <summary>The flat index (in the plane) of the first maximum of window (oh, ow); a NaN wins, as in PyTorch.</summary>
    private static int ArgMax<T>(T* plane, int oh, int ow, PoolGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (h0, h1) = Window(oh, g.SH, g.PH, g.KH, g.H);
        var (w0, w1) = Window(ow, g.SW, g.PW, g.KW, g.W);
        var best = (h0 * g.W) + w0;
        var max = T.NegativeInfinity;
        for (var ih = h0; ih < h1; ih++)
        {
            var row = plane + (ih * g.W);
            for (var iw = w0; iw < w1; iw++)
            {
                var v = row[iw];
                if (v > max || T.IsNaN(v))
                {
                    max = v;
                    best = (ih * g.W) + iw;
                }
            }
        }

        return best;
    }

    /// <summary>Output o's window clipped to the input: rows (or columns) [start, end).</summary>
    private static (int Start, int End) Window(int o, int stride, int pad, int kernel, int size)
    {
        var start = (o * stride) - pad;
        return (Math.Max(start, 0), Math.Min(start + kernel, size));
    }

    /// <summary>The operands of one pooling call, read by every piece.</summary>
    private struct Job
    {
        public Kind Kind;
        public nint X;
        public nint GY;
        public nint Output;
        public PoolGeometry G;
        public int Parts;
    }
}

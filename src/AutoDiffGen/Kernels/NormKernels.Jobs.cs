using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>The normalisation kernels' loops, as job structs whose pieces <see cref="Workers"/> runs.</summary>
internal static unsafe partial class NormKernels
{
    /// <summary>LayerNorm forward over one chunk of rows (W, B null when absent).</summary>
    private struct LayerNormForwardJob<T> : IWorkPieces
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* X;
        public T* W;
        public T* B;
        public T* Y;
        public int Rows;
        public int D;
        public double Eps;
        public int Chunks;

        public readonly void Run(int piece)
        {
            var d = D;
            for (var r = ChunkStart(Rows, piece, Chunks); r < ChunkStart(Rows, piece + 1, Chunks); r++)
            {
                var row = new ReadOnlySpan<T>(X + ((long)r * d), d);
                var dst = new Span<T>(Y + ((long)r * d), d);
                var (mean, rstd) = RowStats(row, Eps);
                for (var i = 0; i < d; i++)
                {
                    var v = (double.CreateTruncating(row[i]) - mean) * rstd;
                    if (W is not null)
                    {
                        v *= double.CreateTruncating(W[i]);
                    }

                    if (B is not null)
                    {
                        v += double.CreateTruncating(B[i]);
                    }

                    dst[i] = T.CreateTruncating(v);
                }
            }
        }
    }

    /// <summary>
    /// LayerNorm backward over one chunk of rows: GX (null: skipped) per row, and the chunk's sums of gy·x̂ and gy
    /// into its slice of SumW / SumB (null: skipped).
    /// </summary>
    private struct LayerNormBackwardJob<T> : IWorkPieces
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* X;
        public T* GY;
        public T* W;
        public T* GX;
        public double* SumW;
        public double* SumB;
        public int Rows;
        public int D;
        public double Eps;
        public int Chunks;

        public readonly void Run(int piece)
        {
            var d = D;
            var sw = SumW is null ? null : SumW + ((long)piece * d);
            var sb = SumB is null ? null : SumB + ((long)piece * d);
            for (var r = ChunkStart(Rows, piece, Chunks); r < ChunkStart(Rows, piece + 1, Chunks); r++)
            {
                var row = new ReadOnlySpan<T>(X + ((long)r * d), d);
                var g = new ReadOnlySpan<T>(GY + ((long)r * d), d);
                var (mean, rstd) = RowStats(row, Eps);
                double sumG = 0, sumGx = 0;
                for (var i = 0; i < d; i++)
                {
                    var xhat = (double.CreateTruncating(row[i]) - mean) * rstd;
                    var gi = double.CreateTruncating(g[i]);
                    var ghat = W is not null ? gi * double.CreateTruncating(W[i]) : gi;
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

                if (GX is null)
                {
                    continue;
                }

                var dst = new Span<T>(GX + ((long)r * d), d);
                var (mg, mgx) = (sumG / d, sumGx / d);
                for (var i = 0; i < d; i++)
                {
                    var xhat = (double.CreateTruncating(row[i]) - mean) * rstd;
                    var gi = double.CreateTruncating(g[i]);
                    var ghat = W is not null ? gi * double.CreateTruncating(W[i]) : gi;
                    dst[i] = T.CreateTruncating(rstd * (ghat - mg - (xhat * mgx)));
                }
            }
        }
    }

    /// <summary>One channel's mean and biased variance over x laid out as [N, C, S].</summary>
    private struct ChannelStatsJob<T> : IWorkPieces
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* X;
        public int N;
        public int C;
        public int S;
        public double[] Mean;
        public double[] Variance;

        public readonly void Run(int piece)
        {
            var (n, c, s, ch) = (N, C, S, piece);
            double sum = 0;
            for (var b = 0; b < n; b++)
            {
                sum += LinearKernels.Sum(new ReadOnlySpan<T>(X + ((((long)b * c) + ch) * s), s));
            }

            var count = (double)n * s;
            var m = sum / count;
            double squares = 0;
            for (var b = 0; b < n; b++)
            {
                var slice = new ReadOnlySpan<T>(X + ((((long)b * c) + ch) * s), s);
                for (var i = 0; i < s; i++)
                {
                    var dev = double.CreateTruncating(slice[i]) - m;
                    squares += dev * dev;
                }
            }

            Mean[ch] = m;
            Variance[ch] = squares / count;
        }
    }

    /// <summary>One channel of y = x·scale[ch] + shift[ch].</summary>
    private struct ChannelAffineJob<T> : IWorkPieces
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* X;
        public T* Y;
        public int N;
        public int C;
        public int S;
        public double[] Scale;
        public double[] Shift;

        public readonly void Run(int piece)
        {
            var (n, c, s, ch) = (N, C, S, piece);
            var (a, b) = (T.CreateTruncating(Scale[ch]), T.CreateTruncating(Shift[ch]));
            for (var k = 0; k < n; k++)
            {
                var offset = (((long)k * c) + ch) * s;
                var src = new ReadOnlySpan<T>(X + offset, s);
                var dst = new Span<T>(Y + offset, s);
                for (var i = 0; i < s; i++)
                {
                    dst[i] = (src[i] * a) + b;
                }
            }
        }
    }

    /// <summary>One channel of BatchNorm's adjoints (see <see cref="ChannelBackward{T}"/>); GX null: skipped.</summary>
    private struct ChannelBackwardJob<T> : IWorkPieces
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* X;
        public T* GY;
        public T* GX;
        public int N;
        public int C;
        public int S;
        public double[] Mean;
        public double[] Rstd;
        public double[]? Weight;
        public bool Training;
        public double[] GW;
        public double[] GB;

        public readonly void Run(int piece)
        {
            var (n, c, s, ch) = (N, C, S, piece);
            double sumG = 0, sumGx = 0;
            var (m, r) = (Mean[ch], Rstd[ch]);
            for (var k = 0; k < n; k++)
            {
                var offset = (((long)k * c) + ch) * s;
                var src = new ReadOnlySpan<T>(X + offset, s);
                var g = new ReadOnlySpan<T>(GY + offset, s);
                for (var i = 0; i < s; i++)
                {
                    var gi = double.CreateTruncating(g[i]);
                    sumG += gi;
                    sumGx += gi * (double.CreateTruncating(src[i]) - m) * r;
                }
            }

            GW[ch] = sumGx;
            GB[ch] = sumG;
            if (GX is null)
            {
                return;
            }

            var count = (double)n * s;
            var scale = (Weight is null ? 1 : Weight[ch]) * r;
            var (mg, mgx) = Training ? (sumG / count, sumGx / count) : (0, 0);
            for (var k = 0; k < n; k++)
            {
                var offset = (((long)k * c) + ch) * s;
                var src = new ReadOnlySpan<T>(X + offset, s);
                var g = new ReadOnlySpan<T>(GY + offset, s);
                var dst = new Span<T>(GX + offset, s);
                for (var i = 0; i < s; i++)
                {
                    var xhat = (double.CreateTruncating(src[i]) - m) * r;
                    dst[i] = T.CreateTruncating(scale * (double.CreateTruncating(g[i]) - mg - (xhat * mgx)));
                }
            }
        }
    }
}

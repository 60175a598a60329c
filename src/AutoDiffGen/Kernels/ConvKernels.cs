using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>The sizes of one 2-D convolution (input [N, C, H, W], weight [O, C, KH, KW], output [N, O, OH, OW]).</summary>
internal readonly record struct ConvGeometry(int N, int C, int H, int W, int O, int KH, int KW, int SH, int SW, int PH, int PW)
{
    public int OH => ((H + (2 * PH) - KH) / SH) + 1;

    public int OW => ((W + (2 * PW) - KW) / SW) + 1;

    /// <summary>Rows of the column matrix: one per (channel, kernel row, kernel column).</summary>
    public int Ckk => C * KH * KW;

    /// <summary>Output positions per sample (columns of the column matrix).</summary>
    public int P => OH * OW;

    /// <summary>A 1×1 kernel with stride 1 and no padding: the input sample already is the column matrix.</summary>
    public bool Pointwise => KH == 1 && KW == 1 && SH == 1 && SW == 1 && PH == 0 && PW == 0;
}

/// <summary>
/// 2-D convolution on the CPU. Stride-1 convolutions run as a direct convolution over the padded input on 512-bit
/// or 256-bit vectors (see ConvKernels.Direct.cs), the input's adjoint as the direct convolution of the output's
/// adjoint with the flipped, transposed weight; everything else by im2col + GEMM: each sample's receptive fields are
/// unrolled into a [C·KH·KW, OH·OW] column matrix (a pooled buffer, reused across samples), which one product with
/// the weight [O, C·KH·KW] turns into the sample's output. The input's adjoint multiplies by Wᵀ and folds the
/// columns back (col2im); the weight's adjoint sums adjoint · colsᵀ over samples. Samples run in parallel on
/// <see cref="Workers"/>; a warm call allocates nothing (scratch comes from <see cref="ArrayPool{T}"/>).
/// </summary>
/// <remarks>
/// The weight's adjoint is accumulated per chunk of samples, with a chunk count that depends on the batch size
/// only, and the chunks are added in order: the result is the same on any number of cores. Which path runs depends
/// on the geometry and the hardware only, never on the core count.
/// </remarks>
internal static unsafe partial class ConvKernels
{
    /// <summary>Chunks of samples for the weight's adjoint (each has a partial sum).</summary>
    private const int MaxChunks = 8;

    /// <summary>Below this many multiply-adds in all, samples run on the calling thread.</summary>
    private const long ParallelThreshold = 1 << 17;

    /// <summary>y = conv(x, w) + bias; x, w, y contiguous; bias null or [O]. <paramref name="path"/>: tests and benchmarks pick a kernel.</summary>
    public static void Forward<T>(T* x, T* w, T* bias, T* y, ConvGeometry g, ConvPath path = ConvPath.Best)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (g.N == 0)
        {
            return;
        }

        var width = DirectWidth<T>(g, path);
        var useDirect = width != 0;
        var packed = useDirect ? ArrayPool<T>.Shared.Rent(PackedWeightSize(g.O, g.Ckk)) : null;
        try
        {
            fixed (T* pk = packed)
            {
                if (useDirect)
                {
                    PackWeight(w, pk, g.O, g.C, g.KH, g.KW, transposeFlip: false);
                }

                var job = new Job { X = (nint)x, W = (nint)w, B = (nint)bias, Y = (nint)y, Packed = (nint)pk, G = g, Parts = Parts(g, g.N), Narrow = width == 256 };
                Workers.Run(&job, &ForwardPiece<T>, job.Parts);
            }
        }
        finally
        {
            if (packed is not null)
            {
                ArrayPool<T>.Shared.Return(packed);
            }
        }
    }

    /// <summary>
    /// The adjoints of the input (into <paramref name="gx"/>, when not null) and of the weight (into
    /// <paramref name="gw"/>, when not null) from the output's adjoint <paramref name="gy"/>; all contiguous.
    /// </summary>
    public static void Backward<T>(T* x, T* w, T* gy, T* gx, T* gw, ConvGeometry g, ConvPath path = ConvPath.Best)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var chunks = Math.Min(MaxChunks, g.N);
        if (chunks == 0)
        {
            if (gw != null)
            {
                new Span<T>(gw, g.O * g.Ckk).Clear();
            }

            return;
        }

        var weightSize = g.O * g.Ckk;
        var transposed = Transposed(g);
        var width = DirectWidth<T>(transposed, path);
        var useDirect = gx != null && DirectWidth<T>(g, path) != 0 && width != 0;

        // The weight's adjoint has a direct kernel on 512-bit vectors only; elsewhere it stays im2col + GEMM.
        var directWeight = gw != null && DirectWidth<T>(g, path) == 512;
        var partials = gw != null && chunks > 1 ? ArrayPool<T>.Shared.Rent((chunks - 1) * weightSize) : null;
        var packed = useDirect ? ArrayPool<T>.Shared.Rent(PackedWeightSize(g.C, transposed.Ckk)) : null;
        try
        {
            fixed (T* pp = partials, pk = packed)
            {
                if (useDirect)
                {
                    PackWeight(w, pk, g.O, g.C, g.KH, g.KW, transposeFlip: true);
                }

                var job = new Job
                {
                    X = (nint)x,
                    W = (nint)w,
                    GY = (nint)gy,
                    GX = (nint)gx,
                    GW = (nint)gw,
                    Partials = (nint)pp,
                    Packed = (nint)pk,
                    G = g,
                    Parts = chunks,
                    DirectWeight = directWeight,
                    Narrow = width == 256,
                };
                if ((long)g.N * g.O * g.P * g.Ckk < ParallelThreshold)
                {
                    for (var chunk = 0; chunk < chunks; chunk++)
                    {
                        BackwardPiece<T>(&job, chunk);
                    }
                }
                else
                {
                    Workers.Run(&job, &BackwardPiece<T>, chunks);
                }

                if (gw != null)
                {
                    var total = new Span<T>(gw, weightSize);
                    for (var c = 1; c < chunks; c++)
                    {
                        LinearKernels.AddInto<T>(new ReadOnlySpan<T>(pp + ((long)(c - 1) * weightSize), weightSize), total);
                    }
                }
            }
        }
        finally
        {
            if (partials is not null)
            {
                ArrayPool<T>.Shared.Return(partials);
            }

            if (packed is not null)
            {
                ArrayPool<T>.Shared.Return(packed);
            }
        }
    }

    /// <summary>gb[o] = Σ over samples and positions of gy[n, o, p].</summary>
    public static void BiasGradient<T>(ReadOnlySpan<T> gy, int n, int o, int p, Span<T> gb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var c = 0; c < o; c++)
        {
            var sum = 0.0;
            for (var s = 0; s < n; s++)
            {
                sum += double.CreateTruncating(RowSum(gy.Slice(((s * o) + c) * p, p)));
            }

            gb[c] = T.CreateTruncating(sum);
        }
    }

    private static T RowSum<T>(ReadOnlySpan<T> row)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float)
            ? T.CreateTruncating(TensorPrimitives.Sum(MemoryMarshal.Cast<T, float>(row)))
            : T.CreateTruncating(TensorPrimitives.Sum(MemoryMarshal.Cast<T, double>(row)));

    /// <summary>
    /// cols[(c·KH + i)·KW + j, oh·OW + ow] = x[c, oh·SH − PH + i, ow·SW − PW + j], or 0 in the padding. The valid
    /// run of each output row is found once, so stride-1 rows are plain copies.
    /// </summary>
    internal static void Im2Col<T>(T* x, T* cols, ConvGeometry g)
        where T : unmanaged
    {
        int oh = g.OH, ow = g.OW;
        for (var c = 0; c < g.C; c++)
        {
            for (var i = 0; i < g.KH; i++)
            {
                for (var j = 0; j < g.KW; j++)
                {
                    var dst = cols + ((((long)((c * g.KH) + i) * g.KW) + j) * g.P);
                    var (lo, hi) = ValidRange(j, g.PW, g.SW, g.W, ow);
                    for (var r = 0; r < oh; r++)
                    {
                        var row = dst + ((long)r * ow);
                        var ih = (r * g.SH) - g.PH + i;
                        if (ih < 0 || ih >= g.H)
                        {
                            new Span<T>(row, ow).Clear();
                            continue;
                        }

                        var src = x + ((((long)c * g.H) + ih) * g.W) - g.PW + j;
                        new Span<T>(row, lo).Clear();
                        new Span<T>(row + hi, ow - hi).Clear();
                        if (g.SW == 1)
                        {
                            new ReadOnlySpan<T>(src + lo, hi - lo).CopyTo(new Span<T>(row + lo, hi - lo));
                        }
                        else
                        {
                            for (var q = lo; q < hi; q++)
                            {
                                row[q] = src[q * g.SW];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>The inverse scatter of <see cref="Im2Col"/>: adds each column entry back onto its pixel (x must start zeroed).</summary>
    internal static void Col2Im<T>(T* cols, T* x, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int oh = g.OH, ow = g.OW;
        for (var c = 0; c < g.C; c++)
        {
            for (var i = 0; i < g.KH; i++)
            {
                for (var j = 0; j < g.KW; j++)
                {
                    var src = cols + ((((long)((c * g.KH) + i) * g.KW) + j) * g.P);
                    var (lo, hi) = ValidRange(j, g.PW, g.SW, g.W, ow);
                    for (var r = 0; r < oh; r++)
                    {
                        var ih = (r * g.SH) - g.PH + i;
                        if (ih < 0 || ih >= g.H)
                        {
                            continue;
                        }

                        var row = src + ((long)r * ow);
                        var dst = x + ((((long)c * g.H) + ih) * g.W) - g.PW + j;
                        if (g.SW == 1)
                        {
                            LinearKernels.AddInto(new ReadOnlySpan<T>(row + lo, hi - lo), new Span<T>(dst + lo, hi - lo));
                        }
                        else
                        {
                            for (var q = lo; q < hi; q++)
                            {
                                dst[q * g.SW] += row[q];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>The output columns [lo, hi) whose input column q·stride − pad + j lies inside [0, width).</summary>
    private static (int Lo, int Hi) ValidRange(int j, int pad, int stride, int width, int outWidth)
    {
        var lo = pad - j <= 0 ? 0 : (pad - j + stride - 1) / stride;
        var last = width - 1 + pad - j;
        var hi = last < 0 ? 0 : Math.Min(outWidth, (last / stride) + 1);
        lo = Math.Min(lo, outWidth);
        return (lo, Math.Max(lo, hi));
    }

    /// <summary>How many pieces to split <paramref name="count"/> samples into: 1 when the work is too small to share.</summary>
    private static int Parts(ConvGeometry g, int count)
    {
        var work = (long)g.N * g.O * g.P * g.Ckk;
        return work < ParallelThreshold || Environment.ProcessorCount == 1 ? 1 : Math.Min(count, 4 * Environment.ProcessorCount);
    }

    /// <summary>One piece of a forward pass: a range of samples, with one scratch buffer for all of them.</summary>
    private static void ForwardPiece<T>(void* operands, int piece)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref readonly var job = ref *(Job*)operands;
        var g = job.G;
        var start = (int)((long)g.N * piece / job.Parts);
        var end = (int)((long)g.N * (piece + 1) / job.Parts);
        var direct = job.Packed != 0;
        var size = direct ? DirectScratchSize<T>(g, job.Narrow) : g.Pointwise ? 0 : g.Ckk * g.P;
        var buffer = size == 0 ? null : ArrayPool<T>.Shared.Rent(size);
        try
        {
            fixed (T* scratch = buffer)
            {
                for (var sample = start; sample < end; sample++)
                {
                    var xn = (T*)job.X + ((long)sample * g.C * g.H * g.W);
                    var yn = (T*)job.Y + ((long)sample * g.O * g.P);
                    if (direct)
                    {
                        DirectSample(xn, (T*)job.Packed, (T*)job.B, yn, g, scratch, job.Narrow);
                    }
                    else
                    {
                        Im2ColSample(xn, (T*)job.W, (T*)job.B, yn, g, scratch);
                    }
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<T>.Shared.Return(buffer);
            }
        }
    }

    private static void Im2ColSample<T>(T* xn, T* w, T* b, T* yn, ConvGeometry g, T* cols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (b != null)
        {
            for (var o = 0; o < g.O; o++)
            {
                new Span<T>(yn + ((long)o * g.P), g.P).Fill(b[o]);
            }
        }

        var source = g.Pointwise ? xn : cols;
        if (!g.Pointwise)
        {
            Im2Col(xn, cols, g);
        }

        LinearKernels.Product(g.O, g.P, g.Ckk, w, g.Ckk, 1, source, g.P, 1, yn, g.P, accumulate: b != null);
    }

    /// <summary>One chunk of the backward pass: the chunk's samples' input adjoints and its partial weight adjoint.</summary>
    private static void BackwardPiece<T>(void* operands, int chunk)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref readonly var job = ref *(Job*)operands;
        var g = job.G;
        var start = (int)((long)g.N * chunk / job.Parts);
        var end = (int)((long)g.N * (chunk + 1) / job.Parts);
        var direct = job.Packed != 0;
        var colsSize = g.Pointwise || (job.DirectWeight && (direct || job.GX == 0)) ? 0 : g.Ckk * g.P;
        var workSize = Math.Max(colsSize, direct ? DirectScratchSize<T>(Transposed(g), job.Narrow) : 0);
        var weightSize = job.DirectWeight ? WeightBatch * WeightScratchSize<T>(g) : 0;
        var buffer = weightSize + workSize == 0 ? null : ArrayPool<T>.Shared.Rent(weightSize + workSize);
        var target = chunk == 0 ? (T*)job.GW : (T*)job.Partials + ((long)(chunk - 1) * g.O * g.Ckk);
        try
        {
            fixed (T* scratch = buffer)
            {
                var cols = scratch + weightSize;
                for (var batch = start; job.DirectWeight && batch < end; batch += WeightBatch)
                {
                    var x = (T*)job.X + ((long)batch * g.C * g.H * g.W);
                    var gy = (T*)job.GY + ((long)batch * g.O * g.P);
                    DirectWeightBatch(x, gy, Math.Min(WeightBatch, end - batch), target, batch > start, g, scratch);
                }

                for (var sample = start; sample < end; sample++)
                {
                    var xn = (T*)job.X + ((long)sample * g.C * g.H * g.W);
                    var gyn = (T*)job.GY + ((long)sample * g.O * g.P);
                    if (job.GW != 0 && !job.DirectWeight)
                    {
                        // gw += gy[n] [O, P] · cols[n]ᵀ [P, CKK]
                        var source = g.Pointwise ? xn : cols;
                        if (!g.Pointwise)
                        {
                            Im2Col(xn, cols, g);
                        }

                        LinearKernels.Product(g.O, g.Ckk, g.P, gyn, g.P, 1, source, 1, g.P, target, g.Ckk, accumulate: sample > start);
                    }

                    if (job.GX == 0)
                    {
                        continue;
                    }

                    var gxn = (T*)job.GX + ((long)sample * g.C * g.H * g.W);
                    if (direct)
                    {
                        DirectSample(gyn, (T*)job.Packed, (T*)null, gxn, Transposed(g), cols, job.Narrow);
                        continue;
                    }

                    // cols' = Wᵀ [CKK, O] · gy[n] [O, P], folded back onto the sample's pixels.
                    var into = g.Pointwise ? gxn : cols;
                    LinearKernels.Product(g.Ckk, g.P, g.O, (T*)job.W, 1, g.Ckk, gyn, g.P, 1, into, g.P, accumulate: false);
                    if (!g.Pointwise)
                    {
                        new Span<T>(gxn, g.C * g.H * g.W).Clear();
                        Col2Im(cols, gxn, g);
                    }
                }

            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<T>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>The operands of one forward or backward call, read by every piece.</summary>
    private struct Job
    {
        public nint X;
        public nint W;
        public nint B;
        public nint Y;
        public nint GY;
        public nint GX;
        public nint GW;
        public nint Partials;
        public nint Packed;
        public ConvGeometry G;
        public int Parts;
        public bool DirectWeight;

        /// <summary>The direct kernel runs on 256-bit vectors (no AVX-512, or <see cref="ConvPath.Direct256"/>).</summary>
        public bool Narrow;
    }
}

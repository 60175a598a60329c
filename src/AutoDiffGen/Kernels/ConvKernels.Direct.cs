using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>Which CPU convolution kernel runs (tests and benchmarks pick one; the library always asks for the best).</summary>
internal enum ConvPath
{
    /// <summary>The direct kernel on the widest vectors the machine has, else im2col + GEMM.</summary>
    Best,

    /// <summary>im2col + GEMM.</summary>
    Im2col,

    /// <summary>The direct kernel on 256-bit vectors, as machines with AVX2 but no AVX-512 run it.</summary>
    Direct256,
}

/// <summary>
/// Direct stride-1 convolution with AVX-512 (or AVX2: see <see cref="Block256{T}"/>), without im2col's column
/// matrix: the sample is copied once into a zero-padded buffer [C, H + 2·PH, W + 2·PW], and the output is computed
/// on the padded width (positions r·Wp + q for q &lt; Wp; the columns q ≥ OW are discarded), so the input under
/// every tap of 16 consecutive positions is one contiguous vector load. A register block holds 8 output channels ×
/// 2 vectors of positions (16 accumulators): per tap, 2 loads and 8 weight broadcasts feed 16 FMAs, as in the GEMM
/// micro-kernel, but small channel counts (LeNet's 1 → 6 → 16) no longer pay for packing and partial tiles.
/// </summary>
/// <remarks>
/// Every output sums its taps in the same order (channel, kernel row, kernel column) whatever the split over cores.
/// The input's adjoint of a stride-1 convolution is the direct convolution of the output's adjoint, padded by
/// K − 1 − P, with the weight flipped and its two channel axes swapped (<see cref="Transposed"/>).
/// </remarks>
internal static unsafe partial class ConvKernels
{
    /// <summary>Output channels per register block (the weight is packed in blocks of this many, zero-padded).</summary>
    private const int BlockO = 8;

    /// <summary>
    /// The direct kernel's vector width in bits for this geometry and path: 512 where AVX-512 is available, 256 where
    /// only 256-bit vectors are (AVX2) or when <paramref name="path"/> asks for them; 0 when im2col + GEMM runs
    /// (strided or 1×1 convolutions, integer types, no vector hardware, or <see cref="ConvPath.Im2col"/>).
    /// </summary>
    internal static int DirectWidth<T>(ConvGeometry g, ConvPath path)
        where T : unmanaged
    {
        var geometry = (typeof(T) == typeof(float) || typeof(T) == typeof(double))
            && g.SH == 1 && g.SW == 1 && g.PH >= 0 && g.PW >= 0 && !g.Pointwise;
        if (!geometry || path == ConvPath.Im2col)
        {
            return 0;
        }

        return path == ConvPath.Direct256 ? 256
            : Vector512.IsHardwareAccelerated ? 512
            : Vector256.IsHardwareAccelerated ? 256
            : 0;
    }

    /// <summary>
    /// The geometry whose direct convolution is the input's adjoint of <paramref name="g"/> (stride 1): the output's
    /// adjoint [O, OH, OW] is the input, padded by K − 1 − P, and the C input channels are the outputs.
    /// </summary>
    internal static ConvGeometry Transposed(ConvGeometry g) =>
        new(g.N, g.O, g.OH, g.OW, g.C, g.KH, g.KW, 1, 1, g.KH - 1 - g.PH, g.KW - 1 - g.PW);

    /// <summary>The packed weight's length: output channels rounded up to a whole block, times C·KH·KW.</summary>
    private static int PackedWeightSize(int outChannels, int ckk) => ((outChannels + BlockO - 1) / BlockO) * BlockO * ckk;

    /// <summary>
    /// dst[((o / 8)·Ckk + tap)·8 + o % 8] = the weight of output channel o at tap (channel, row, column), 0 past the
    /// last channel. With <paramref name="transposeFlip"/> the output channels are w's input channels, the taps run
    /// over w's output channels and the kernel is flipped: the weight of the input's adjoint.
    /// </summary>
    private static void PackWeight<T>(T* w, T* dst, int o, int c, int kh, int kw, bool transposeFlip)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var kk = kh * kw;
        var (outs, ins) = transposeFlip ? (c, o) : (o, c);
        var ckk = ins * kk;
        var blocks = (outs + BlockO - 1) / BlockO;
        for (var block = 0; block < blocks; block++)
        {
            for (var tap = 0; tap < ckk; tap++)
            {
                var (channel, k) = (tap / kk, tap % kk);
                for (var lane = 0; lane < BlockO; lane++)
                {
                    var out_ = (block * BlockO) + lane;
                    var source = out_ >= outs ? -1
                        : transposeFlip ? (((long)channel * c) + out_) * kk + (kk - 1 - k)
                        : ((long)out_ * ckk) + tap;
                    dst[(((long)block * ckk) + tap) * BlockO + lane] = source < 0 ? T.Zero : w[source];
                }
            }
        }
    }

    /// <summary>
    /// Positions per register block: 2 vectors of 512 bits (32 of 32 zmm registers hold 16 accumulators, 2 inputs and a
    /// weight), or 1 of 256 bits (AVX2 has 16 ymm registers: 8 accumulators, an input and a weight fit).
    /// </summary>
    private static int BlockPositions<T>(bool narrow)
        where T : unmanaged => narrow ? Vector256<T>.Count : 2 * Vector512<T>.Count;

    /// <summary>Positions computed per sample: OH rows of the padded width, rounded up to a whole register block.</summary>
    private static int DirectPositions<T>(ConvGeometry g, bool narrow)
        where T : unmanaged
    {
        var block = BlockPositions<T>(narrow);
        return ((g.OH * (g.W + (2 * g.PW))) + block - 1) / block * block;
    }

    /// <summary>Scratch for one sample: the padded input (plus a tail the last block reads past) and one block of outputs.</summary>
    private static int DirectScratchSize<T>(ConvGeometry g, bool narrow)
        where T : unmanaged
    {
        var positions = DirectPositions<T>(g, narrow);
        return (g.C * (g.H + (2 * g.PH)) * (g.W + (2 * g.PW))) + positions + (BlockO * positions);
    }

    /// <summary>y[O, OH, OW] = conv(x[C, H, W], packed weight) (+ bias) for one sample, in <paramref name="scratch"/>.</summary>
    private static void DirectSample<T>(T* x, T* packed, T* bias, T* y, ConvGeometry g, T* scratch, bool narrow)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int hp = g.H + (2 * g.PH), wp = g.W + (2 * g.PW), plane = hp * wp;
        int oh = g.OH, ow = g.OW;
        var positions = DirectPositions<T>(g, narrow);
        var xp = scratch;
        var yv = scratch + ((long)g.C * plane) + positions;

        // Positions past the last row read up to one block beyond the padded input: that tail is zeroed too.
        new Span<T>(xp, (g.C * plane) + positions).Clear();
        for (var c = 0; c < g.C; c++)
        {
            for (var r = 0; r < g.H; r++)
            {
                new ReadOnlySpan<T>(x + ((((long)c * g.H) + r) * g.W), g.W)
                    .CopyTo(new Span<T>(xp + ((long)c * plane) + ((r + g.PH) * wp) + g.PW, g.W));
            }
        }

        var step = BlockPositions<T>(narrow);
        for (var ob = 0; ob < g.O; ob += BlockO)
        {
            var wb = packed + ((long)ob * g.Ckk);
            var live = Math.Min(BlockO, g.O - ob);
            for (var p0 = 0; p0 < positions; p0 += step)
            {
                // Kernel rows that only ever meet the zero padding rows for this block's output rows are skipped
                // (their products are all 0): the input's adjoint pads by K − 1 − P, mostly zeros at the edges.
                var (rowLo, rowHi) = (p0 / wp, (p0 + step - 1) / wp);
                var iLo = Math.Max(0, g.PH - rowHi);
                var iHi = Math.Min(g.KH - 1, g.PH + g.H - 1 - rowLo);
                if (narrow)
                {
                    Block256(xp + p0, wb, yv + p0, positions, g.C, g.KH, g.KW, plane, wp, iLo, iHi);
                }
                else if (live > 6)
                {
                    Block<T, EightLanes>(xp + p0, wb, yv + p0, positions, g.C, g.KH, g.KW, plane, wp, iLo, iHi);
                }
                else if (live > 4)
                {
                    Block<T, SixLanes>(xp + p0, wb, yv + p0, positions, g.C, g.KH, g.KW, plane, wp, iLo, iHi);
                }
                else
                {
                    Block<T, FourLanes>(xp + p0, wb, yv + p0, positions, g.C, g.KH, g.KW, plane, wp, iLo, iHi);
                }
            }

            for (var o = ob; o < Math.Min(ob + BlockO, g.O); o++)
            {
                for (var r = 0; r < oh; r++)
                {
                    var src = new ReadOnlySpan<T>(yv + ((long)(o - ob) * positions) + ((long)r * wp), ow);
                    var dst = new Span<T>(y + ((((long)o * oh) + r) * ow), ow);
                    if (bias == null)
                    {
                        src.CopyTo(dst);
                    }
                    else
                    {
                        AddScalar(src, bias[o], dst);
                    }
                }
            }
        }
    }

    private static void AddScalar<T>(ReadOnlySpan<T> src, T value, Span<T> dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            TensorPrimitives.Add(MemoryMarshal.Cast<T, float>(src), float.CreateTruncating(value), MemoryMarshal.Cast<T, float>(dst));
        }
        else
        {
            TensorPrimitives.Add(MemoryMarshal.Cast<T, double>(src), double.CreateTruncating(value), MemoryMarshal.Cast<T, double>(dst));
        }
    }

    /// <summary>
    /// 8 output channels × 2 vectors of positions, summed over the taps of kernel rows [iLo, iHi]; rows of y are
    /// <paramref name="ldy"/> apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block<T, TLanes>(T* x, T* packed, T* y, int ldy, int channels, int kh, int kw, int plane, int wp, int iLo, int iHi)
        where T : unmanaged
        where TLanes : struct, ILanes
    {
        var vl = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<T> c60 = default, c61 = default, c70 = default, c71 = default;
        for (var c = 0; c < channels; c++)
        {
            for (var i = iLo; i <= iHi; i++)
            {
                var row = x + ((long)c * plane) + ((long)i * wp);
                var w = packed + ((((long)c * kh) + i) * kw * BlockO);
                for (var j = 0; j < kw; j++)
                {
                    var x0 = Vector512.Load(row + j);
                    var x1 = Vector512.Load(row + j + vl);
                    var a = Vector512.Create(w[0]);
                    c00 = Fma(a, x0, c00);
                    c01 = Fma(a, x1, c01);
                    a = Vector512.Create(w[1]);
                    c10 = Fma(a, x0, c10);
                    c11 = Fma(a, x1, c11);
                    a = Vector512.Create(w[2]);
                    c20 = Fma(a, x0, c20);
                    c21 = Fma(a, x1, c21);
                    a = Vector512.Create(w[3]);
                    c30 = Fma(a, x0, c30);
                    c31 = Fma(a, x1, c31);
                    if (TLanes.Count > 4)
                    {
                        a = Vector512.Create(w[4]);
                        c40 = Fma(a, x0, c40);
                        c41 = Fma(a, x1, c41);
                        a = Vector512.Create(w[5]);
                        c50 = Fma(a, x0, c50);
                        c51 = Fma(a, x1, c51);
                    }

                    if (TLanes.Count > 6)
                    {
                        a = Vector512.Create(w[6]);
                        c60 = Fma(a, x0, c60);
                        c61 = Fma(a, x1, c61);
                        a = Vector512.Create(w[7]);
                        c70 = Fma(a, x0, c70);
                        c71 = Fma(a, x1, c71);
                    }

                    w += BlockO;
                }
            }
        }

        StorePair(y, vl, c00, c01);
        StorePair(y + ldy, vl, c10, c11);
        StorePair(y + (2L * ldy), vl, c20, c21);
        StorePair(y + (3L * ldy), vl, c30, c31);
        if (TLanes.Count > 4)
        {
            StorePair(y + (4L * ldy), vl, c40, c41);
            StorePair(y + (5L * ldy), vl, c50, c51);
        }

        if (TLanes.Count > 6)
        {
            StorePair(y + (6L * ldy), vl, c60, c61);
            StorePair(y + (7L * ldy), vl, c70, c71);
        }
    }

    /// <summary>
    /// How many of a register block's 8 output channels are real (the last block of 6 channels, LeNet's conv1 and
    /// conv2's input adjoint, has 2 padding lanes): a type argument, so each count gets its own compiled block with
    /// the padding lanes' multiply-adds left out.
    /// </summary>
    private interface ILanes
    {
        static abstract int Count { get; }
    }

    private struct EightLanes : ILanes
    {
        public static int Count => 8;
    }

    private struct SixLanes : ILanes
    {
        public static int Count => 6;
    }

    private struct FourLanes : ILanes
    {
        public static int Count => 4;
    }

    /// <summary>
    /// <see cref="Block{T, TLanes}"/> on 256-bit vectors: 8 output channels × 1 vector of positions, for machines without
    /// AVX-512 (each output sums its taps in the same order, so both widths give the same bits).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block256<T>(T* x, T* packed, T* y, int ldy, int channels, int kh, int kw, int plane, int wp, int iLo, int iHi)
        where T : unmanaged
    {
        Vector256<T> c0 = default, c1 = default, c2 = default, c3 = default;
        Vector256<T> c4 = default, c5 = default, c6 = default, c7 = default;
        for (var c = 0; c < channels; c++)
        {
            for (var i = iLo; i <= iHi; i++)
            {
                var row = x + ((long)c * plane) + ((long)i * wp);
                var w = packed + ((((long)c * kh) + i) * kw * BlockO);
                for (var j = 0; j < kw; j++)
                {
                    var x0 = Vector256.Load(row + j);
                    c0 = Fma(Vector256.Create(w[0]), x0, c0);
                    c1 = Fma(Vector256.Create(w[1]), x0, c1);
                    c2 = Fma(Vector256.Create(w[2]), x0, c2);
                    c3 = Fma(Vector256.Create(w[3]), x0, c3);
                    c4 = Fma(Vector256.Create(w[4]), x0, c4);
                    c5 = Fma(Vector256.Create(w[5]), x0, c5);
                    c6 = Fma(Vector256.Create(w[6]), x0, c6);
                    c7 = Fma(Vector256.Create(w[7]), x0, c7);
                    w += BlockO;
                }
            }
        }

        c0.Store(y);
        c1.Store(y + ldy);
        c2.Store(y + (2L * ldy));
        c3.Store(y + (3L * ldy));
        c4.Store(y + (4L * ldy));
        c5.Store(y + (5L * ldy));
        c6.Store(y + (6L * ldy));
        c7.Store(y + (7L * ldy));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> x, Vector256<T> y, Vector256<T> acc)
        where T : unmanaged => typeof(T) == typeof(float)
            ? Vector256.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>()
            : Vector256.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePair<T>(T* y, int vl, Vector512<T> a, Vector512<T> b)
        where T : unmanaged
    {
        a.Store(y);
        b.Store(y + vl);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> x, Vector512<T> y, Vector512<T> acc)
        where T : unmanaged => typeof(T) == typeof(float)
            ? Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>()
            : Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
}

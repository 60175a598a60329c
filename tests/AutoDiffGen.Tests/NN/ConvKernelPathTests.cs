using AutoDiffGen.Kernels;
using static AutoDiffGen.Tests.NN.NNReference;

namespace AutoDiffGen.Tests.NN;

/// <summary>
/// The CPU convolution's two paths, called through the internal kernels: the direct stride-1 kernel (taken where
/// AVX-512 is available) and im2col + GEMM must give the same sums as the naive reference loops, for geometries that
/// exercise partial channel blocks, padding wider than the kernel allows the direct adjoint, several chunks, and
/// chunks of more samples than one batch of the weight's adjoint.
/// </summary>
public unsafe class ConvKernelPathTests
{
    public static TheoryData<int, int, int, int, int, int, int, int, int> Geometries => new()
    {
        // N, C, H, W, O, KH, KW, PH, PW
        { 3, 1, 28, 28, 6, 5, 5, 2, 2 },
        { 10, 6, 14, 14, 16, 5, 5, 0, 0 },
        { 2, 9, 7, 11, 11, 3, 5, 1, 2 },
        { 1, 2, 5, 4, 17, 3, 3, 0, 1 },
        { 4, 3, 6, 6, 5, 2, 2, 2, 1 },
        { 9, 2, 3, 9, 3, 1, 3, 0, 1 },
        { 72, 2, 5, 5, 3, 3, 3, 1, 1 },
    };

    /// <summary>The best kernel (the direct one on 512-bit vectors here), im2col + GEMM, and the direct one on 256-bit vectors.</summary>
    private static readonly ConvPath[] _paths = [ConvPath.Best, ConvPath.Im2col, ConvPath.Direct256];

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Every_path_matches_the_reference_in_float64(int n, int c, int h, int w, int o, int kh, int kw, int ph, int pw) =>
        CheckEveryPath<double>(new ConvGeometry(n, c, h, w, o, kh, kw, 1, 1, ph, pw), new System.Random((n * 131) + (o * 7) + kh), 1e-12);

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Every_path_matches_the_reference_in_float32(int n, int c, int h, int w, int o, int kh, int kw, int ph, int pw) =>
        CheckEveryPath<float>(new ConvGeometry(n, c, h, w, o, kh, kw, 1, 1, ph, pw), new System.Random((n * 17) + (o * 3) + kw), 1e-4);

    [Theory]
    [MemberData(nameof(Geometries))]
    public void The_256_bit_direct_kernel_gives_the_bits_of_the_widest_one(int n, int c, int h, int w, int o, int kh, int kw, int ph, int pw)
    {
        // Every output sums its taps in the same order on either width: machines without AVX-512 get the same bits.
        var rng = new System.Random((n * 5) + (o * 11) + kh);
        var g = new ConvGeometry(n, c, h, w, o, kh, kw, 1, 1, ph, pw);
        var (x, weight, bias) = (Random(rng, n, c, h, w).To(DType.Float32), Random(rng, o, c, kh, kw).To(DType.Float32), Random(rng, o).To(DType.Float32));
        var gy = Random(rng, n, o, g.OH, g.OW).To(DType.Float32);
        var (y256, gx256, _) = Run<float>(x, weight, bias, gy, g, ConvPath.Direct256);
        var (y, gx, _) = Run<float>(x, weight, bias, gy, g, ConvPath.Best);
        Assert.Equal(y, y256);
        if (ConvKernels.DirectWidth<float>(ConvKernels.Transposed(g), ConvPath.Best) != 0)
        {
            Assert.Equal(gx, gx256);
        }
    }

    [Fact]
    public void The_input_adjoint_geometry_maps_the_output_back_onto_the_input()
    {
        var g = new ConvGeometry(4, 6, 14, 12, 16, 5, 3, 1, 1, 2, 1);
        var t = ConvKernels.Transposed(g);
        Assert.Equal((g.O, g.OH, g.OW, g.C), (t.C, t.H, t.W, t.O));
        Assert.Equal((g.H, g.W), (t.OH, t.OW));
    }

    [Fact]
    public void Results_are_the_same_bits_whether_a_call_gets_the_helpers_or_runs_alone()
    {
        // Several threads at once: one holds the helpers, the others run their pieces serially.
        var rng = new System.Random(77);
        var g = new ConvGeometry(24, 6, 14, 14, 16, 5, 5, 1, 1, 1, 1);
        var (x, w, b) = (Random(rng, 24, 6, 14, 14), Random(rng, 16, 6, 5, 5), Random(rng, 16));
        var gy = Random(rng, 24, 16, g.OH, g.OW);
        var (x32, w32, b32, gy32) = (x.To(DType.Float32), w.To(DType.Float32), b.To(DType.Float32), gy.To(DType.Float32));
        var expected = Run<float>(x32, w32, b32, gy32, g, ConvPath.Best);
        var results = new (float[] Y, float[] Gx, float[] Gw)[4 * 3];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = Run<float>(x32, w32, b32, gy32, g, ConvPath.Best));
        foreach (var (y, gx, gw) in results)
        {
            Assert.Equal(expected.Y, y);
            Assert.Equal(expected.Gx, gx);
            Assert.Equal(expected.Gw, gw);
        }
    }

    /// <summary>Every path's output and both adjoints, in <typeparamref name="T"/>, against the float64 reference loops.</summary>
    private static void CheckEveryPath<T>(ConvGeometry g, System.Random rng, double tolerance)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var x = Random(rng, g.N, g.C, g.H, g.W);
        var weight = Random(rng, g.O, g.C, g.KH, g.KW);
        var bias = Random(rng, g.O);
        var gy = Random(rng, g.N, g.O, g.OH, g.OW);
        var expectedY = Conv2d(x, weight, bias, (1, 1), (g.PH, g.PW));
        var (expectedGx, expectedGw) = ReferenceGradients(x, weight, gy, g);
        var dtype = typeof(T) == typeof(float) ? DType.Float32 : DType.Float64;
        foreach (var path in _paths)
        {
            var (y, gx, gw) = Run<T>(x.To(dtype), weight.To(dtype), bias.To(dtype), gy.To(dtype), g, path);
            AssertClose(expectedY, Tensor.FromArray(y), tolerance);
            AssertClose(expectedGx, Tensor.FromArray(gx), tolerance);
            AssertClose(expectedGw, Tensor.FromArray(gw), tolerance);
        }
    }

    /// <summary>One forward and one backward call on fresh arrays; returns y, the input's and the weight's adjoints.</summary>
    private static (T[] Y, T[] Gx, T[] Gw) Run<T>(Tensor x, Tensor w, Tensor b, Tensor gy, ConvGeometry g, ConvPath path)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var (xs, ws, bs, gys) = (x.ToArray<T>(), w.ToArray<T>(), b.ToArray<T>(), gy.ToArray<T>());
        var y = new T[g.N * g.O * g.P];
        var gx = new T[xs.Length];
        var gw = new T[ws.Length];
        fixed (T* px = xs, pw = ws, pb = bs, pgy = gys, py = y, pgx = gx, pgw = gw)
        {
            ConvKernels.Forward(px, pw, pb, py, g, path);
            ConvKernels.Backward(px, pw, pgy, pgx, pgw, g, path);
        }

        return (y, gx, gw);
    }

    /// <summary>The adjoints from the definition: every (output, tap) pair sends gy·w to x and gy·x to w.</summary>
    private static (double[] Gx, double[] Gw) ReferenceGradients(Tensor input, Tensor weight, Tensor adjoint, ConvGeometry g)
    {
        var (x, w, gy) = (input.ToArray<double>(), weight.ToArray<double>(), adjoint.ToArray<double>());
        var gx = new double[x.Length];
        var gw = new double[w.Length];
        for (var s = 0; s < g.N; s++)
        {
            for (var o = 0; o < g.O; o++)
            {
                for (var r = 0; r < g.OH; r++)
                {
                    for (var q = 0; q < g.OW; q++)
                    {
                        var a = gy[(((s * g.O) + o) * g.P) + (r * g.OW) + q];
                        for (var c = 0; c < g.C; c++)
                        {
                            for (var i = 0; i < g.KH; i++)
                            {
                                for (var j = 0; j < g.KW; j++)
                                {
                                    var (ih, iw) = (r - g.PH + i, q - g.PW + j);
                                    if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W)
                                    {
                                        continue;
                                    }

                                    var xi = (((s * g.C) + c) * g.H * g.W) + (ih * g.W) + iw;
                                    var wi = (((o * g.C) + c) * g.KH * g.KW) + (i * g.KW) + j;
                                    gx[xi] += a * w[wi];
                                    gw[wi] += a * x[xi];
                                }
                            }
                        }
                    }
                }
            }
        }

        return (gx, gw);
    }
}

using static AutoDiffGen.Tests.NN.NNReference;

namespace AutoDiffGen.Tests.NN;

/// <summary>
/// Sizes that take the blocked GEMM and the parallel sample loops, checked against independent compositions
/// (MatMul, per-sample calls), and float32 gradients against float64 ones.
/// </summary>
public class NNLargeAndFloat32Tests
{
    [Fact]
    public void Linear_gradients_of_a_large_layer_equal_products_with_the_transposes()
    {
        var rng = new System.Random(51);
        var (x, w, b, r) = (Random(rng, 33, 70), Random(rng, 50, 70), Random(rng, 50), Random(rng, 33, 50));
        var (_, (gx, gw, gb)) = NNFunctions.LinearWithGradient(x, w, b, r);
        AssertClose(Tensor.MatMul(r, w).ToArray<double>(), gx, 1e-12);
        AssertClose(Tensor.MatMul(r.T.Contiguous(), x).ToArray<double>(), gw, 1e-12);
        AssertClose(r.Sum(0).ToArray<double>(), gb!, 1e-12);
    }

    [Fact]
    public void Conv2d_gradients_of_a_batch_equal_the_sums_of_per_sample_gradients()
    {
        var rng = new System.Random(52);
        var x = Random(rng, 11, 3, 12, 12);
        var w = Random(rng, 8, 3, 3, 3);
        var b = Random(rng, 8);
        var r = Random(rng, 11, 8, 6, 6);
        var (_, (gx, gw, gb)) = NNFunctions.ConvWithGradient(x, w, b, 2, 1, r);
        var sumW = Tensor.ZerosLike(w);
        var sumB = Tensor.ZerosLike(b);
        for (var n = 0; n < 11; n++)
        {
            var (xn, rn) = (x.Narrow(0, n, 1), r.Narrow(0, n, 1));
            var (_, (gxn, gwn, gbn)) = NNFunctions.ConvWithGradient(xn, w, b, 2, 1, rn);
            AssertClose(gxn.ToArray<double>(), gx.Narrow(0, n, 1), 1e-12);
            sumW += gwn;
            sumB += gbn!;
        }

        AssertClose(sumW.ToArray<double>(), gw, 1e-11);
        AssertClose(sumB.ToArray<double>(), gb!, 1e-11);
    }

    [Fact]
    public void Float32_gradients_agree_with_float64()
    {
        var rng = new System.Random(53);
        var x = Random(rng, 4, 3, 9, 9);
        var w = Random(rng, 5, 3, 3, 3);
        var b = Random(rng, 5);
        var r = Random(rng, 4, 5, 5, 5);
        var g64 = NNFunctions.ConvWithGradient(x, w, b, 2, 1, r).Gradient;
        var g32 = NNFunctions.ConvWithGradient(x.To(DType.Float32), w.To(DType.Float32), b.To(DType.Float32), 2, 1, r.To(DType.Float32)).Gradient;
        Assert.Equal(DType.Float32, g32.x.DType);
        AssertClose(g64.x.ToArray<double>(), g32.x, 1e-4);
        AssertClose(g64.w.ToArray<double>(), g32.w, 1e-4);
        AssertClose(g64.b!.ToArray<double>(), g32.b!, 1e-4);

        var rp = Random(rng, 4, 3, 5, 5);
        AssertClose(NNFunctions.MaxPoolWithGradient(x, 3, 2, 1, rp).Gradient.ToArray<double>(), NNFunctions.MaxPoolWithGradient(x.To(DType.Float32), 3, 2, 1, rp.To(DType.Float32)).Gradient, 1e-6);
        AssertClose(NNFunctions.AvgPoolWithGradient(x, 3, 2, 1, rp).Gradient.ToArray<double>(), NNFunctions.AvgPoolWithGradient(x.To(DType.Float32), 3, 2, 1, rp.To(DType.Float32)).Gradient, 1e-6);

        var (xs, ws, bs, rs) = (Random(rng, 6, 8), Random(rng, 8), Random(rng, 8), Random(rng, 6, 8));
        var l64 = NNFunctions.LayerNormWithGradient(xs, ws, bs, [8], rs).Gradient;
        var l32 = NNFunctions.LayerNormWithGradient(xs.To(DType.Float32), ws.To(DType.Float32), bs.To(DType.Float32), [8], rs.To(DType.Float32)).Gradient;
        AssertClose(l64.x.ToArray<double>(), l32.x, 1e-4);
        AssertClose(l64.w!.ToArray<double>(), l32.w!, 1e-4);

        var (c, cb, rx) = (Random(rng, 3), Random(rng, 3), Random(rng, 4, 3, 9, 9));
        var n64 = NNFunctions.BatchNormWithGradient(x, c, cb, null, null, true, rx).Gradient;
        var n32 = NNFunctions.BatchNormWithGradient(x.To(DType.Float32), c.To(DType.Float32), cb.To(DType.Float32), null, null, true, rx.To(DType.Float32)).Gradient;
        AssertClose(n64.x.ToArray<double>(), n32.x, 1e-4);
        AssertClose(n64.w!.ToArray<double>(), n32.w!, 1e-4);
        AssertClose(n64.b!.ToArray<double>(), n32.b!, 1e-4);
    }
}

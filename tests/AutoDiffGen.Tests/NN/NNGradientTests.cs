using static AutoDiffGen.Tests.NN.NNReference;
using static AutoDiffGen.Tests.NN.NNTestKit;

namespace AutoDiffGen.Tests.NN;

/// <summary>
/// Generated gradients of [Differentiable] methods calling the layer ops against central finite differences
/// (float64, |analytic − numeric| ≤ 1e-8 + 1e-6·|numeric| per element, see <see cref="NNTestKit"/>), over shapes
/// with batch 1, odd sizes, stride 2 and padding 1.
/// </summary>
public class NNGradientTests
{
    [Fact]
    public void Linear_gradients_with_bias_without_bias_and_with_a_data_input()
    {
        var rng = new System.Random(21);
        foreach (var shape in new[] { new[] { 5 }, [1, 5], [4, 5], [2, 3, 5] })
        {
            var x = Random(rng, shape);
            var w = Random(rng, 3, 5);
            var b = Random(rng, 3);
            var r = Random(rng, [.. shape[..^1], 3]);
            var (value, (gx, gw, gb)) = NNFunctions.LinearWithGradient(x, w, b, r);
            double F() => NNFunctions.Linear(x, w, b, r).Item<double>();
            Assert.Equal(F(), value.Item<double>(), 12);
            AssertGradient(F, x, gx);
            AssertGradient(F, w, gw);
            AssertGradient(F, b, gb);

            var (linearValue, (gx2, gw2, gb2)) = NNFunctions.LinearWithGradient(x, w, null, r);

            SameValue.Fused(NNFunctions.Linear(x, w, null, r), linearValue);
            Assert.Null(gb2);
            AssertGradient(() => NNFunctions.Linear(x, w, null, r).Item<double>(), x, gx2);
            AssertGradient(() => NNFunctions.LinearNoBias(x, w, r).Item<double>(), w, NNFunctions.LinearNoBiasWithGradient(x, w, r).Gradient.w);

            var (linearOfDataValue, (gw3, gb3)) = NNFunctions.LinearOfDataWithGradient(w, b, x, r);

            SameValue.Fused(NNFunctions.LinearOfData(w, b, x, r), linearOfDataValue);
            AssertGradient(() => NNFunctions.LinearOfData(w, b, x, r).Item<double>(), w, gw3);
            AssertGradient(() => NNFunctions.LinearOfData(w, b, x, r).Item<double>(), b, gb3);
        }
    }

    [Fact]
    public void Linear_gradient_through_a_two_layer_classifier()
    {
        var rng = new System.Random(22);
        var (w1, b1, w2, b2) = (Random(rng, 6, 4), Random(rng, 6), Random(rng, 3, 6), Random(rng, 3));
        var x = Random(rng, 5, 4);
        var y = Tensor.FromArray(new long[] { 0, 2, 1, 1, 0 }, [5]);
        var (mlpValue, (g1, gb1, g2, gb2)) = NNFunctions.MlpWithGradient(w1, b1, w2, b2, x, y);
        SameValue.Bits(NNFunctions.Mlp(w1, b1, w2, b2, x, y), mlpValue);
        double F() => NNFunctions.Mlp(w1, b1, w2, b2, x, y).Item<double>();
        AssertGradient(F, w1, g1);
        AssertGradient(F, b1, gb1);
        AssertGradient(F, w2, g2);
        AssertGradient(F, b2, gb2);
    }

    [Fact]
    public void Conv2d_gradients_for_strides_paddings_batch_one_and_odd_sizes()
    {
        var rng = new System.Random(23);
        var cases = new (int[] X, int[] W, int Stride, int Padding)[]
        {
            ([1, 2, 5, 5], [3, 2, 3, 3], 1, 0),
            ([2, 2, 5, 6], [2, 2, 3, 3], 2, 1),
            ([1, 1, 4, 4], [2, 1, 1, 1], 1, 0),
            ([2, 3, 3, 5], [1, 3, 2, 2], 1, 1),
            ([1, 2, 9, 9], [3, 2, 3, 3], 1, 1),   // 81 positions, 3 channels: the weight's adjoint by dot products
        };
        foreach (var (xs, ws, stride, padding) in cases)
        {
            var x = Random(rng, xs);
            var w = Random(rng, ws);
            var b = Random(rng, ws[0]);
            var r = Random(rng, Tensor.Conv2d(x, w, b, stride, padding).Shape.ToArray());
            var (convValue, (gx, gw, gb)) = NNFunctions.ConvWithGradient(x, w, b, stride, padding, r);
            SameValue.Fused(NNFunctions.Conv(x, w, b, stride, padding, r), convValue);
            double F() => NNFunctions.Conv(x, w, b, stride, padding, r).Item<double>();
            AssertGradient(F, x, gx);
            AssertGradient(F, w, gw);
            AssertGradient(F, b, gb);
            Assert.Null(NNFunctions.ConvWithGradient(x, w, null, stride, padding, r).Gradient.b);
        }
    }

    [Fact]
    public void Conv2d_gradients_with_tuple_stride_and_padding_and_of_a_data_input()
    {
        var rng = new System.Random(24);
        var x = Random(rng, 2, 2, 7, 6);
        var w = Random(rng, 3, 2, 3, 2);
        var b = Random(rng, 3);
        var r = Random(rng, Tensor.Conv2d(x, w, b, (2, 1), (1, 0)).Shape.ToArray());
        var (convTupleValue, (gx, gw, gb)) = NNFunctions.ConvTupleWithGradient(x, w, b, 2, 1, 1, 0, r);
        SameValue.Fused(NNFunctions.ConvTuple(x, w, b, 2, 1, 1, 0, r), convTupleValue);
        double F() => NNFunctions.ConvTuple(x, w, b, 2, 1, 1, 0, r).Item<double>();
        AssertGradient(F, x, gx);
        AssertGradient(F, w, gw);
        AssertGradient(F, b, gb);

        var x2 = Random(rng, 3, 2, 6, 5);
        var r2 = Random(rng, Tensor.Conv2d(x2, w, null, 2, 1).Shape.ToArray());
        AssertGradient(() => NNFunctions.ConvOfData(w, x2, r2).Item<double>(), w, NNFunctions.ConvOfDataWithGradient(w, x2, r2));
    }

    [Fact]
    public void Pool_gradients_for_overlapping_and_padded_windows()
    {
        var rng = new System.Random(25);
        foreach (var (xs, kernel, stride, padding) in new[] { (new[] { 1, 2, 5, 5 }, 3, 2, 1), ([2, 1, 4, 6], 2, 2, 0), ([1, 1, 5, 4], 3, 1, 1), ([2, 3, 3], 2, 1, 1) })
        {
            var x = Random(rng, xs);
            var rm = Random(rng, Tensor.MaxPool2d(x, kernel, stride, padding).Shape.ToArray());
            AssertGradient(() => NNFunctions.MaxPool(x, kernel, stride, padding, rm).Item<double>(), x, NNFunctions.MaxPoolWithGradient(x, kernel, stride, padding, rm), 1e-6);
            AssertGradient(() => NNFunctions.AvgPool(x, kernel, stride, padding, rm).Item<double>(), x, NNFunctions.AvgPoolWithGradient(x, kernel, stride, padding, rm), 1e-6);
        }

        var y = Random(rng, 2, 2, 4, 5);
        var ry = Random(rng, 2, 2, 2, 2);
        AssertGradient(() => NNFunctions.MaxPoolDefaultStride(y, ry).Item<double>(), y, NNFunctions.MaxPoolDefaultStrideWithGradient(y, ry), 1e-6);
        var z = Random(rng, 1, 2, 6, 5);
        var rz = Random(rng, Tensor.MaxPool2d(z, (3, 2), (2, 1), (1, 1)).Shape.ToArray());
        AssertGradient(() => NNFunctions.MaxPoolTuple(z, 3, 2, 2, 1, rz).Item<double>(), z, NNFunctions.MaxPoolTupleWithGradient(z, 3, 2, 2, 1, rz), 1e-6);
        AssertGradient(() => NNFunctions.AvgPoolTuple(z, 3, 2, 2, 1, rz).Item<double>(), z, NNFunctions.AvgPoolTupleWithGradient(z, 3, 2, 2, 1, rz), 1e-6);
    }

    [Fact]
    public void Max_pool_gradient_goes_to_the_first_of_tied_maxima()
    {
        var x = Tensor.FromArray(new[] { 1.0, 5, 5, 2, 0, 5, 3, 5, 1 }, [1, 1, 3, 3]);
        var r = Tensor.Ones([1, 1, 2, 2], DType.Float64);
        var g = NNFunctions.MaxPoolWithGradient(x, 2, 1, 0, r).Gradient.ToArray<double>();

        // Windows (row-major): {1,5,2,0} → index 1; {5,5,0,5} → index 1; {2,0,3,5} → index 7; {0,5,5,1} → index 5.
        Assert.Equal(new double[] { 0, 2, 0, 0, 0, 1, 0, 1, 0 }, g);
    }

    [Fact]
    public void Layer_norm_gradients_with_and_without_affine_parameters()
    {
        var rng = new System.Random(26);
        foreach (var (shape, normalized) in new[] { (new[] { 3, 5 }, new[] { 5 }), ([2, 2, 3], [2, 3]), ([1, 4], [4]) })
        {
            var x = Random(rng, shape);
            var w = Random(rng, normalized);
            var b = Random(rng, normalized);
            var r = Random(rng, shape);
            var (layerNormValue, (gx, gw, gb)) = NNFunctions.LayerNormWithGradient(x, w, b, normalized, r);
            SameValue.Fused(NNFunctions.LayerNorm(x, w, b, normalized, r), layerNormValue);
            double F() => NNFunctions.LayerNorm(x, w, b, normalized, r).Item<double>();
            AssertGradient(F, x, gx);
            AssertGradient(F, w, gw);
            AssertGradient(F, b, gb);

            var (layerNormDefaultValue, (gx2, gw2, gb2)) = NNFunctions.LayerNormWithGradient(x, null, null, normalized, r);
            SameValue.Fused(NNFunctions.LayerNorm(x, null, null, normalized, r), layerNormDefaultValue);
            Assert.Null(gw2);
            Assert.Null(gb2);
            AssertGradient(() => NNFunctions.LayerNorm(x, null, null, normalized, r).Item<double>(), x, gx2);

            var (layerNormOfDataValue, (gw3, gb3)) = NNFunctions.LayerNormOfDataWithGradient(w, b, x, normalized, r);

            SameValue.Fused(NNFunctions.LayerNormOfData(w, b, x, normalized, r), layerNormOfDataValue);
            AssertGradient(() => NNFunctions.LayerNormOfData(w, b, x, normalized, r).Item<double>(), w, gw3);
            AssertGradient(() => NNFunctions.LayerNormOfData(w, b, x, normalized, r).Item<double>(), b, gb3);
        }
    }

    [Fact]
    public void Batch_norm_gradients_in_training_and_evaluation_for_2d_3d_and_4d_inputs()
    {
        var rng = new System.Random(27);
        foreach (var shape in new[] { new[] { 4, 3 }, [3, 2, 4], [2, 2, 3, 3], [1, 2, 3, 1] })
        {
            var c = shape[1];
            var x = Random(rng, shape);
            var w = Random(rng, c);
            var b = Random(rng, c);
            var r = Random(rng, shape);
            var rm = Random(rng, c);
            var rv = Random(rng, c).Abs() + 0.5;
            foreach (var training in new[] { true, false })
            {
                var (value, (gx, gw, gb)) = NNFunctions.BatchNormWithGradient(x, w, b, rm, rv, training, r);
                double F() => NNFunctions.BatchNorm(x, w, b, rm, rv, training, r).Item<double>();

                // Training mode updates rm/rv in place but normalizes by the batch's statistics, so the value does
                // not depend on how often the method ran before; eval mode reads rm/rv without writing them.
                SameValue.Fused(F(), value.Item<double>());
                AssertGradient(F, x, gx);
                AssertGradient(F, w, gw);
                AssertGradient(F, b, gb);
            }

            var (batchNormValue, (gx2, gw2, _)) = NNFunctions.BatchNormWithGradient(x, null, null, null, null, true, r);
            SameValue.Fused(NNFunctions.BatchNorm(x, null, null, null, null, true, r), batchNormValue);
            Assert.Null(gw2);
            AssertGradient(() => NNFunctions.BatchNorm(x, null, null, null, null, true, r).Item<double>(), x, gx2);

            var (ofDataValue, (gw3, gb3)) = NNFunctions.BatchNormOfDataWithGradient(w, b, x, r);
            SameValue.Fused(NNFunctions.BatchNormOfData(w, b, x, r), ofDataValue);
            AssertGradient(() => NNFunctions.BatchNormOfData(w, b, x, r).Item<double>(), w, gw3);
            AssertGradient(() => NNFunctions.BatchNormOfData(w, b, x, r).Item<double>(), b, gb3);
        }
    }

    [Fact]
    public void Embedding_gradient_adds_repeated_rows()
    {
        var rng = new System.Random(28);
        var weight = Random(rng, 5, 3);
        var indices = Tensor.FromArray(new long[] { 4, 0, 4, 2, 4, 1 }, [2, 3]);
        var r = Random(rng, 2, 3, 3);
        var g = NNFunctions.EmbeddingWithGradient(weight, indices, r).Gradient;
        AssertGradient(() => NNFunctions.Embedding(weight, indices, r).Item<double>(), weight, g);
        Assert.All(g.ToArray<double>().Skip(9).Take(3), v => Assert.Equal(0, v));  // row 3 is never picked
    }

    [Fact]
    public void Gelu_gradients_exact_and_tanh()
    {
        var rng = new System.Random(29);
        var x = Random(rng, 4, 5) * 2;
        var r = Random(rng, 4, 5);
        AssertGradient(() => NNFunctions.GeluExact(x, r).Item<double>(), x, NNFunctions.GeluExactWithGradient(x, r));
        foreach (var approximate in new[] { "none", "tanh" })
        {
            AssertGradient(() => NNFunctions.Gelu(x, approximate, r).Item<double>(), x, NNFunctions.GeluWithGradient(x, approximate, r));
        }
    }

    [Fact]
    public void Dropout_gradient_uses_the_forward_mask_even_where_the_input_is_zero()
    {
        var rng = new System.Random(30);
        var x = Random(rng, 6, 7);
        x[0, ..] = Tensor.Zeros([7], DType.Float64);
        var r = Random(rng, 6, 7);
        var generator = new Generator(5);
        double F()
        {
            generator.ManualSeed(11);
            return NNFunctions.Dropout(x, 0.4, true, generator, r).Item<double>();
        }

        generator.ManualSeed(11);
        var g = NNFunctions.DropoutWithGradient(x, 0.4, true, generator, r).Gradient;
        AssertGradient(F, x, g);

        // The zero row: kept elements get r / 0.6, dropped ones 0; the mask is what the forward drew.
        generator.ManualSeed(11);
        var mask = Tensor.Dropout(Tensor.Ones([6, 7], DType.Float64), 0.4, true, generator).ToArray<double>();
        var gr = g.ToArray<double>();
        var rr = r.ToArray<double>();
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(mask[i] == 0 ? 0 : rr[i] / 0.6, gr[i], 12);
        }

        // Evaluation mode and p = 0 are the identity, p = 1 zeroes everything.
        Assert.Equal(r.ToArray<double>(), NNFunctions.DropoutWithGradient(x, 0.4, false, generator, r).Gradient.ToArray<double>());
        Assert.Equal(r.ToArray<double>(), NNFunctions.DropoutWithGradient(x, 0, true, generator, r).Gradient.ToArray<double>());
        Assert.All(NNFunctions.DropoutWithGradient(x, 1, true, generator, r).Gradient.ToArray<double>(), v => Assert.Equal(0, v));
    }

    [Fact]
    public void A_lenet_like_stack_composes()
    {
        var rng = new System.Random(31);
        var x = Random(rng, 2, 1, 8, 8);
        var c1 = Random(rng, 3, 1, 3, 3);
        var cb1 = Random(rng, 3);
        var c2 = Random(rng, 4, 3, 3, 3);
        var f = Random(rng, 5, 4);
        var fb = Random(rng, 5);
        var y = Tensor.FromArray(new long[] { 1, 4 }, [2]);
        var (lenetValue, (g1, gb1, g2, gf, gfb)) = NNFunctions.LenetWithGradient(c1, cb1, c2, f, fb, x, y);
        SameValue.Bits(NNFunctions.Lenet(c1, cb1, c2, f, fb, x, y), lenetValue);
        double F() => NNFunctions.Lenet(c1, cb1, c2, f, fb, x, y).Item<double>();
        AssertGradient(F, c1, g1, 1e-6);
        AssertGradient(F, cb1, gb1, 1e-6);
        AssertGradient(F, c2, g2, 1e-6);
        AssertGradient(F, f, gf, 1e-6);
        AssertGradient(F, fb, gfb, 1e-6);
    }
}

namespace AutoDiffGen.Tests.Gradients;

public class CompositionTests
{
    private static double Central(Func<double, double> f, double x)
    {
        var h = 1e-6 * Math.Max(1, Math.Abs(x));
        return (f(x + h) - f(x - h)) / (2 * h);
    }

    [Fact]
    public void Calls_to_differentiable_methods_compose_through_their_pullbacks()
    {
        var rng = new System.Random(4);
        for (var trial = 0; trial < 25; trial++)
        {
            var a = (rng.NextDouble() * 4) - 2;
            var b = (rng.NextDouble() * 4) - 2;
            var (value, (da, db)) = Composition.OuterWithGradient(a, b);
            SameValue.Bits(Composition.Outer(a, b), value);
            Assert.Equal(Central(x => Composition.Outer(x, b), a), da, 1e-6 * (1 + Math.Abs(da)));
            Assert.Equal(Central(y => Composition.Outer(a, y), b), db, 1e-6 * (1 + Math.Abs(db)));
        }
    }

    [Fact]
    public void Scalar_pullbacks_allocate_nothing()
    {
        Composition.OuterWithGradient(1, 2);
        var before = GC.GetAllocatedBytesForCurrentThread();
        double sink = 0;
        for (var i = 0; i < 1000; i++)
        {
            var (value, pullback) = Composition.ScaledWithPullback(0.001 * i, 2, 3);
            var (dx, dy) = pullback.Invoke(1.0);
            var (v, (da, db)) = Composition.OuterWithGradient(0.001 * i, 0.5);
            sink += value + dx + dy + v + da + db;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sink));
    }

    [Fact]
    public void Pullback_of_a_tensor_valued_function_is_a_vector_jacobian_product()
    {
        // The dot-product test: <J u, v> = <u, Jᵀ v>, with J u from finite differences and Jᵀ v from the pullback.
        var rng = new System.Random(5);
        Tensor R(params int[] shape) => Tensor.FromArray(Enumerable.Range(0, shape.Aggregate(1, (p, q) => p * q)).Select(_ => (rng.NextDouble() * 2) - 1).ToArray(), shape);
        var x = R(4, 3);
        var w = R(3, 2);
        var b = R(2);
        var (y, pullback) = Composition.LayerWithPullback(x, w, b);
        // Not covered by README's fused-sum tolerance: the fused (MatMul(x, w) + b).Tanh() uses the vectorized
        // Tanh, whose elements differ from Math.Tanh's in the last bits.
        SameValue.Fused(Composition.Layer(x, w, b), y);
        var v = R(4, 2);
        var (gx, gw, gb) = pullback.Invoke(v);
        var (ux, uw, ub) = (R(4, 3), R(3, 2), R(2));
        const double h = 1e-6;
        var jvp = (Composition.Layer(x + (ux * h), w + (uw * h), b + (ub * h)) - Composition.Layer(x - (ux * h), w - (uw * h), b - (ub * h))) / (2 * h);
        var left = (jvp * v).Sum().Item<double>();
        var right = (gx * ux).Sum().Item<double>() + (gw * uw).Sum().Item<double>() + (gb * ub).Sum().Item<double>();
        Assert.Equal(left, right, 1e-7);
    }

    [Fact]
    public void Two_layer_loss_through_tensor_pullbacks_matches_finite_differences()
    {
        var rng = new System.Random(6);
        Tensor R(params int[] shape) => Tensor.FromArray(Enumerable.Range(0, shape.Aggregate(1, (p, q) => p * q)).Select(_ => (rng.NextDouble() * 2) - 1).ToArray(), shape);
        var w1 = R(3, 3);
        var w2 = R(3, 3);
        var x = R(5, 3);
        var bias = R(3);
        var (value, (g1, g2)) = Composition.TwoLayersWithGradient(w1, w2, x, bias);
        SameValue.Fused(Composition.TwoLayers(w1, w2, x, bias), value);
        var flat = w1.View(-1);
        var g = g1.ToArray<double>();
        for (var i = 0; i < 9; i++)
        {
            var original = flat[i].Item<double>();
            flat[i] = Tensor.Scalar(original + 1e-6, DType.Float64);
            var up = Composition.TwoLayers(w1, w2, x, bias).Item<double>();
            flat[i] = Tensor.Scalar(original - 1e-6, DType.Float64);
            var down = Composition.TwoLayers(w1, w2, x, bias).Item<double>();
            flat[i] = Tensor.Scalar(original, DType.Float64);
            Assert.Equal((up - down) / 2e-6, g[i], 1e-7);
        }

        Assert.Equal([3, 3], g2.Shape.ToArray());
    }
}

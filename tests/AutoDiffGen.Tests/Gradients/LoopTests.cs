namespace AutoDiffGen.Tests.Gradients;

public class LoopTests
{
    private static double Central(Func<double, double> f, double x)
    {
        var h = 1e-6 * Math.Max(1, Math.Abs(x));
        return (f(x + h) - f(x - h)) / (2 * h);
    }

    private static void Close(double numeric, double analytic) =>
        Assert.True(Math.Abs(numeric - analytic) <= 1e-6 + (1e-6 * Math.Abs(numeric)), $"analytic {analytic}, numeric {numeric}");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void Power_by_repeated_multiplication(int n)
    {
        var (value, dx) = Loops.PowerWithGradient(1.3, n);
        SameValue.Bits(Loops.Power(1.3, n), value);
        Assert.Equal(Math.Pow(1.3, n), value, 12);
        Assert.Equal(n == 0 ? 0 : n * Math.Pow(1.3, n - 1), dx, 10);
    }

    [Fact]
    public void While_loop_with_a_branch_and_carried_values()
    {
        var rng = new System.Random(12);
        for (var trial = 0; trial < 20; trial++)
        {
            var a = (rng.NextDouble() * 2) - 1;
            var b = (rng.NextDouble() * 2) - 1;
            var steps = trial % 6;
            var (value, (da, db)) = Loops.IterateWithGradient(a, b, steps);
            SameValue.Bits(Loops.Iterate(a, b, steps), value);
            Close(Central(u => Loops.Iterate(u, b, steps), a), da);
            Close(Central(u => Loops.Iterate(a, u, steps), b), db);
        }
    }

    [Fact]
    public void Nested_loops_and_a_pullback_invoked_twice()
    {
        foreach (var (rows, cols) in new[] { (0, 3), (3, 0), (2, 3), (4, 5) })
        {
            var x = 0.7;
            var (value, dx) = Loops.NestedWithGradient(x, rows, cols);
            SameValue.Bits(Loops.Nested(x, rows, cols), value);
            Close(Central(u => Loops.Nested(u, rows, cols), x), dx);
            var (pulled, pullback) = Loops.NestedWithPullback(x, rows, cols);
            SameValue.Bits(Loops.Nested(x, rows, cols), pulled);
            Assert.Equal(dx, pullback.Invoke(1.0), 12);
            Assert.Equal(3 * dx, pullback.Invoke(3.0), 12);
        }
    }

    [Fact]
    public void Recurrent_tensor_loop_matches_finite_differences()
    {
        var rng = new System.Random(13);
        Tensor R(params int[] shape) => Tensor.FromArray(Enumerable.Range(0, shape.Aggregate(1, (p, q) => p * q)).Select(_ => (rng.NextDouble() * 2) - 1).ToArray(), shape);
        var w = R(3, 3) * 0.5;
        var u = R(2, 3) * 0.5;
        var x = R(4, 2);
        foreach (var steps in new[] { 0, 1, 4 })
        {
            var (value, (gw, gu)) = Loops.RecurrentWithGradient(w, u, x, steps);
            SameValue.Fused(Loops.Recurrent(w, u, x, steps), value);
            foreach (var (param, grad) in new[] { (w, gw), (u, gu) })
            {
                var flat = param.View(-1);
                var g = grad.ToArray<double>();
                for (var i = 0; i < g.Length; i++)
                {
                    var original = flat[i].Item<double>();
                    double F(double v)
                    {
                        flat[i] = Tensor.Scalar(v, DType.Float64);
                        var r = Loops.Recurrent(w, u, x, steps).Item<double>();
                        flat[i] = Tensor.Scalar(original, DType.Float64);
                        return r;
                    }

                    Close(Central(F, original), g[i]);
                }
            }
        }
    }

    [Fact]
    public void Scalar_loops_allocate_nothing_in_steady_state()
    {
        Loops.IterateWithGradient(0.1, 0.2, 5);
        Loops.NestedWithGradient(0.3, 3, 4);
        var before = GC.GetAllocatedBytesForCurrentThread();
        double sink = 0;
        for (var i = 0; i < 200; i++)
        {
            var (v, (da, db)) = Loops.IterateWithGradient(0.001 * i, 0.2, 5);
            var (n, dn) = Loops.NestedWithGradient(0.3, 3, 4);
            sink += v + da + db + n + dn;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sink));
    }

    [Fact]
    public void Foreach_over_constant_data()
    {
        int[] powers = [0, 1, 2, 5];
        var (value, dx) = Loops.PolynomialWithGradient(1.2, powers);
        SameValue.Bits(Loops.Polynomial(1.2, powers), value);
        Close(Central(u => Loops.Polynomial(u, powers), 1.2), dx);
        Assert.Equal(0.0, Loops.PolynomialWithGradient(1.2, []).Gradient);
    }

    [Fact]
    public void Break_and_continue_follow_the_iterations_that_ran()
    {
        foreach (var (a, steps) in new[] { (2.0, 50), (9.0, 50), (2.0, 3), (5.0, 0), (0.5, 7) })
        {
            var (value, da) = Loops.ConvergeWithGradient(a, steps);
            SameValue.Bits(Loops.Converge(a, steps), value);
            Close(Central(u => Loops.Converge(u, steps), a), da);
        }
    }

    [Fact]
    public void Tensor_carried_from_data_through_alternating_branches()
    {
        var rng = new System.Random(14);
        Tensor R(params int[] shape) => Tensor.FromArray(Enumerable.Range(0, shape.Aggregate(1, (p, q) => p * q)).Select(_ => (rng.NextDouble() * 2) - 1).ToArray(), shape);
        var w = R(3, 3);
        var x = R(2, 3);
        foreach (var steps in new[] { 0, 1, 2, 5 })
        {
            var (value, gw) = Loops.AlternatingWithGradient(w, x, steps);
            SameValue.Bits(Loops.Alternating(w, x, steps), value);
            var flat = w.View(-1);
            var g = gw.ToArray<double>();
            for (var i = 0; i < g.Length; i++)
            {
                var original = flat[i].Item<double>();
                double F(double v)
                {
                    flat[i] = Tensor.Scalar(v, DType.Float64);
                    var r = Loops.Alternating(w, x, steps).Item<double>();
                    flat[i] = Tensor.Scalar(original, DType.Float64);
                    return r;
                }

                Close(Central(F, original), g[i]);
            }
        }
    }

    [Fact]
    public void Float_loop_with_a_conditional_expression()
    {
        foreach (var n in new[] { 0, 1, 4, 7 })
        {
            var (value, da) = Loops.FloatLoopWithGradient(0.7f, n);
            SameValue.Bits(Loops.FloatLoop(0.7f, n), value);
            var numeric = (Loops.FloatLoop(0.7f + 1e-3f, n) - Loops.FloatLoop(0.7f - 1e-3f, n)) / 2e-3f;
            Assert.Equal(numeric, da, 1e-2f);
        }
    }
}

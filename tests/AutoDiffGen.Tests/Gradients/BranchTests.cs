namespace AutoDiffGen.Tests.Gradients;

public class BranchTests
{
    private static double Central(Func<double, double> f, double x)
    {
        var h = 1e-6 * Math.Max(1, Math.Abs(x));
        return (f(x + h) - f(x - h)) / (2 * h);
    }

    private static void Close(double numeric, double analytic) =>
        Assert.True(Math.Abs(numeric - analytic) <= 1e-6 + (1e-6 * Math.Abs(numeric)), $"analytic {analytic}, numeric {numeric}");

    [Fact]
    public void If_else_gradients_follow_the_branch_taken()
    {
        var rng = new System.Random(10);
        for (var trial = 0; trial < 30; trial++)
        {
            var x = (rng.NextDouble() * 4) - 2;
            var y = (rng.NextDouble() * 4) - 2;
            if (Math.Abs(x - y) < 1e-3)
            {
                continue;
            }

            var (value, (dx, dy)) = Branches.PiecewiseWithGradient(x, y);
            SameValue.Bits(Branches.Piecewise(x, y), value);
            Close(Central(u => Branches.Piecewise(u, y), x), dx);
            Close(Central(u => Branches.Piecewise(x, u), y), dy);
        }
    }

    [Fact]
    public void Nested_ifs_if_without_else_and_conditional_expressions()
    {
        var rng = new System.Random(11);
        for (var trial = 0; trial < 40; trial++)
        {
            var a = (rng.NextDouble() * 4) - 2;
            var b = (rng.NextDouble() * 4) - 2;
            var mode = trial % 3;
            if (Math.Abs(a - 1) < 1e-3 || Math.Abs(b) < 1e-3)
            {
                continue;
            }

            var (value, (da, db)) = Branches.NestedWithGradient(a, b, mode);
            SameValue.Bits(Branches.Nested(a, b, mode), value);
            Close(Central(u => Branches.Nested(u, b, mode), a), da);
            Close(Central(u => Branches.Nested(a, u, mode), b), db);

            var (v2, pullback) = Branches.NestedWithPullback(a, b, mode);
            var (pa, pb) = pullback.Invoke(2.0);
            SameValue.Bits(value, v2);
            Assert.Equal(2 * da, pa, 12);
            Assert.Equal(2 * db, pb, 12);
        }
    }

    [Fact]
    public void Tensor_branches_and_scalar_parameters()
    {
        foreach (var scale in new[] { 0.5, 3.0 })
        {
            var prediction = Tensor.FromArray(new[] { 1.0, -2.0, 0.5 }) * scale;
            var target = Tensor.FromArray(new[] { 0.0, 0.0, 0.0 });
            var (loss, (gp, gd)) = Branches.HuberWithGradient(prediction, target, 1.5);
            SameValue.Fused(Branches.Huber(prediction, target, 1.5), loss);
            var flat = prediction.View(-1);
            var g = gp.ToArray<double>();
            for (var i = 0; i < 3; i++)
            {
                var original = flat[i].Item<double>();
                double F(double v)
                {
                    flat[i] = Tensor.Scalar(v, DType.Float64);
                    var r = Branches.Huber(prediction, target, 1.5).Item<double>();
                    flat[i] = Tensor.Scalar(original, DType.Float64);
                    return r;
                }

                Close(Central(F, original), g[i]);
            }

            Close(Central(d => Branches.Huber(prediction, target, d).Item<double>(), 1.5), gd);
        }
    }

    [Fact]
    public void Scalar_branches_allocate_nothing()
    {
        Branches.NestedWithGradient(1, 2, 1);
        var before = GC.GetAllocatedBytesForCurrentThread();
        double sink = 0;
        for (var i = 0; i < 1000; i++)
        {
            var (v, (da, db)) = Branches.NestedWithGradient(0.003 * i, -0.5, i % 3);
            sink += v + da + db;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sink));
    }

    [Fact]
    public void Early_returns_take_the_rest_of_the_method_as_the_other_branch()
    {
        foreach (var (x, y) in new[] { (-1.5, 2.0), (3.0, -1.0), (1.5, 2.0), (1.5, -2.0), (0.5, 0.7) })
        {
            var (value, (dx, dy)) = Branches.EarlyReturnWithGradient(x, y);
            SameValue.Bits(Branches.EarlyReturn(x, y), value);
            Close(Central(u => Branches.EarlyReturn(u, y), x), dx);
            Close(Central(u => Branches.EarlyReturn(x, u), y), dy);
        }
    }
}

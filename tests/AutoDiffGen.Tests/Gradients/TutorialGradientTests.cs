namespace AutoDiffGen.Tests.Gradients;

public class TutorialGradientTests
{
    [Fact]
    public void Squares_at_w4_x3_give_72_and_24()
    {
        var (l, (dw, dx)) = TutorialFunctions.LWithGradient(4.0, 3.0);
        SameValue.Bits(TutorialFunctions.L(4.0, 3.0), l);
        Assert.Equal(180, l, 12);
        Assert.Equal(72, dw, 12);
        Assert.Equal(24, dx, 12);
    }

    [Fact]
    public void Cubic_slope_at_2_is_minus_3_5()
    {
        var (y, dy) = TutorialFunctions.CubicWithGradient(2.0);
        SameValue.Bits(TutorialFunctions.Cubic(2.0), y);
        Assert.Equal((0.1 * 8) - (0.8 * 4) - 3 + 5.4, y, 12);
        Assert.Equal(-3.5, dy, 12);
    }

    [Fact]
    public void Gradient_descent_on_the_cubic_settles_at_6_147()
    {
        var x = 12.0;
        var trajectory = new List<double> { x };
        for (var step = 0; step < 200; step++)
        {
            var (value, slope) = TutorialFunctions.CubicWithGradient(x);
            SameValue.Bits(TutorialFunctions.Cubic(x), value);
            x -= 0.1 * slope;
            trajectory.Add(x);
        }

        Assert.Equal(9.75, trajectory[1], 3);
        Assert.Equal(8.608, trajectory[2], 3);
        Assert.Equal(6.147, x, 3);
        Assert.Equal(-10.822, TutorialFunctions.Cubic(x), 3);
    }

    [Fact]
    public void Chain_rule_log_of_cube_at_5_is_0_6()
    {
        var (z, dz) = TutorialFunctions.LogCubeWithGradient(5.0);
        SameValue.Bits(TutorialFunctions.LogCube(5.0), z);
        Assert.Equal(Math.Log(125), z, 12);
        Assert.Equal(0.6, dz, 12);
    }

    [Fact]
    public void Named_parameters_limit_the_gradient()
    {
        var (v, dx) = TutorialFunctions.PartialWithGradient(2.0, 3.0);
        SameValue.Bits(TutorialFunctions.Partial(2.0, 3.0), v);
        Assert.Equal(18, v);
        Assert.Equal(9, dx);
    }

    [Fact]
    public void Scalar_gradients_allocate_nothing()
    {
        TutorialFunctions.LWithGradient(1, 2);
        TutorialFunctions.BlockyWithGradient(1, 2, 3, 4);
        var before = GC.GetAllocatedBytesForCurrentThread();
        double sink = 0;
        for (var i = 0; i < 1000; i++)
        {
            var (l, (dw, dx)) = TutorialFunctions.LWithGradient(i, 2);
            var (b, (da, db)) = TutorialFunctions.BlockyWithGradient(0.1 * i, 2, 3, 4);
            sink += l + dw + dx + b + da + db;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sink));
    }
}

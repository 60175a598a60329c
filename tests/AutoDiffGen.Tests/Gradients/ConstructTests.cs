namespace AutoDiffGen.Tests.Gradients;

/// <summary>The constructs of <see cref="Constructs"/> against central finite differences, on every path.</summary>
public class ConstructTests
{
    private static readonly double[] _points = [-2.3, -0.4, 0.6, 1.7, 2.2];

    private static double Central(Func<double, double> f, double x)
    {
        var h = 1e-6 * Math.Max(1, Math.Abs(x));
        return (f(x + h) - f(x - h)) / (2 * h);
    }

    private static void Close(double numeric, double analytic) =>
        Assert.True(Math.Abs(numeric - analytic) <= 1e-6 + (1e-6 * Math.Abs(numeric)), $"analytic {analytic}, numeric {numeric}");

    /// <summary>Value bit for bit equal to the method's own, gradient equal to finite differences, at every point and n.</summary>
    private static void Check(Func<double, int, double> f, Func<double, int, (double Value, double Gradient)> withGradient, params int[] ns)
    {
        foreach (var n in ns)
        {
            foreach (var x in _points)
            {
                var (value, gradient) = withGradient(x, n);
                SameValue.Bits(f(x, n), value);
                Close(Central(u => f(u, n), x), gradient);
            }
        }
    }

    [Fact]
    public void Casts_inline_are_constants()
    {
        Check((x, _) => Constructs.CastInline(x), (x, _) => Constructs.CastInlineWithGradient(x), 0);
        var (_, gradient) = Constructs.CastInlineWithGradient(2.5);
        Assert.Equal(2 + (2 * 2 * 2.5), gradient, 12);
    }

    [Fact]
    public void Statements_run_in_order_in_the_forward_pass()
    {
        Check(Constructs.Statements, Constructs.StatementsWithGradient, 0, 3);
        Constructs.Seen.Clear();
        _ = Constructs.StatementsWithGradient(1.5, 2);
        Assert.Equal([1.5, 2.25], Constructs.Seen);
    }

    [Fact]
    public void Constant_tensors_filled_in_place()
    {
        foreach (var fill in new[] { -1.5, 0.0, 0.7 })
        {
            var x = Tensor.FromArray(new[] { 0.3, -1.2, 2.0 }, [3]);
            var (value, gradient) = Constructs.FilledMaskWithGradient(x, fill);
            // The fused region's Tanh is the vectorized one and its Sum adds in lanes: equal to the method's within the
            // fused-sum tolerance, not to the bit.
            SameValue.Fused(Constructs.FilledMask(x, fill), value);
            var expected = x.ToArray<double>().Select(v => 0.5 * fill * (1 - (Math.Tanh(v * fill) * Math.Tanh(v * fill)))).ToArray();
            var actual = gradient.ToArray<double>();
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(expected[i], actual[i], 12);
            }
        }
    }

    [Fact]
    public void Increment_and_decrement_of_differentiable_locals() =>
        Check(Constructs.Steps, Constructs.StepsWithGradient, 0, 1, 3);

    [Fact]
    public void When_guards_in_switch_statements() =>
        Check(Constructs.Guarded, Constructs.GuardedWithGradient, -1, 0, 2);

    [Fact]
    public void When_guards_in_returning_switch_sections() =>
        Check(Constructs.GuardedReturns, Constructs.GuardedReturnsWithGradient, 0, 2);

    [Fact]
    public void When_guards_in_switch_expressions() =>
        Check(Constructs.GuardedArms, Constructs.GuardedArmsWithGradient, -1, 2);

    [Fact]
    public void When_guards_that_read_their_pattern_variables() =>
        Check(Constructs.GuardsReadPatternVariables, Constructs.GuardsReadPatternVariablesWithGradient, -1, 0, 1, 2, 3);

    [Fact]
    public void Break_and_continue_nested_in_ifs_of_a_for_loop() =>
        Check(Constructs.NestedJumps, Constructs.NestedJumpsWithGradient, 0, 1, 2, 4, 7, 12);

    [Fact]
    public void Break_and_continue_nested_in_while_and_do_while_loops() =>
        Check(Constructs.WhileJumps, Constructs.WhileJumpsWithGradient, 0, 1, 3, 6);

    [Fact]
    public void Return_inside_a_for_loop() =>
        Check(Constructs.ReturnInLoop, Constructs.ReturnInLoopWithGradient, 0, 1, 2, 5);

    [Fact]
    public void Return_from_nested_loops() =>
        Check(Constructs.ReturnInNestedLoops, Constructs.ReturnInNestedLoopsWithGradient, 0, 1, 3, 6, 9);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Return_inside_a_tensor_loop(int n)
    {
        var x = Tensor.FromArray(new[] { 0.3, -1.2, 0.8 }, [3]);
        var (value, gradient) = Constructs.TensorReturnInLoopWithGradient(x, n);
        SameValue.Fused(Constructs.TensorReturnInLoop(x, n), value);
        var analytic = gradient.ToArray<double>();
        var data = x.ToArray<double>();
        for (var i = 0; i < data.Length; i++)
        {
            var k = i;
            double At(double u)
            {
                var copy = (double[])data.Clone();
                copy[k] = u;
                return Constructs.TensorReturnInLoop(Tensor.FromArray(copy, [3]), n).Item<double>();
            }

            Close(Central(At, data[i]), analytic[i]);
        }
    }

    [Fact]
    public void Mutual_recursion() =>
        Check(Constructs.Even, Constructs.EvenWithGradient, 0, 1, 2, 5);

    [Fact]
    public void Instance_method_of_a_data_receiver()
    {
        var scaler = new Scaler(1.75);
        Check((x, _) => Constructs.ScaledBy(x, scaler), (x, _) => Constructs.ScaledByWithGradient(x, scaler), 0);
    }
}

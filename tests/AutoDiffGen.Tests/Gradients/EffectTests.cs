namespace AutoDiffGen.Tests.Gradients;

/// <summary>The tensor forms of <see cref="Effects"/>: value bit for bit the method's, gradient against central differences.</summary>
public class EffectTests
{
    private static Tensor Input(int seed) => OpFiniteDifference.Random(new Random(seed), 2, 3);

    [Fact]
    public void An_assignment_as_a_receiver()
    {
        for (var seed = 1; seed <= 3; seed++)
        {
            var (a, b) = (Input(seed), Input(seed + 10));
            var (value, (ga, gb)) = Effects.AssignedProductWithGradient(a, b);
            Assert.Equal(Effects.AssignedProduct(a, b).Item<double>(), value.Item<double>());
            OpFiniteDifference.Same(OpFiniteDifference.Numeric(t => Effects.AssignedProduct(t, b).Item<double>(), a), ga);
            OpFiniteDifference.Same(OpFiniteDifference.Numeric(t => Effects.AssignedProduct(a, t).Item<double>(), b), gb);
        }
    }

    [Fact]
    public void A_compound_assignment_in_a_condition()
    {
        // Seeds whose sums make the condition true and false.
        foreach (var (seed, y) in new[] { (1, 1.3), (2, -0.7), (5, 0.4), (8, 2.0) })
        {
            var a = Input(seed);
            var (value, (ga, gy)) = Effects.SumInConditionWithGradient(a, y);
            Assert.Equal(Effects.SumInCondition(a, y), value);
            OpFiniteDifference.Same(OpFiniteDifference.Numeric(t => Effects.SumInCondition(t, y), a), ga);
            var h = 1e-6;
            var numeric = (Effects.SumInCondition(a, y + h) - Effects.SumInCondition(a, y - h)) / (2 * h);
            Assert.True(Math.Abs(numeric - gy) <= 1e-6 + (1e-6 * Math.Abs(numeric)), $"analytic {gy}, numeric {numeric}");
        }
    }

    [Fact]
    public void An_assignment_in_a_loop_condition()
    {
        for (var seed = 1; seed <= 4; seed++)
        {
            var (a, b) = (Input(seed), Input(seed + 20));
            var (value, (ga, gb)) = Effects.LoopConditionWithGradient(a, b);
            Assert.Equal(Effects.LoopCondition(a, b).Item<double>(), value.Item<double>());
            OpFiniteDifference.Same(OpFiniteDifference.Numeric(t => Effects.LoopCondition(t, b).Item<double>(), a), ga);
            OpFiniteDifference.Same(OpFiniteDifference.Numeric(t => Effects.LoopCondition(a, t).Item<double>(), b), gb);
        }
    }

    [Fact]
    public void A_compound_assignment_after_and()
    {
        foreach (var (seed, y) in new[] { (1, 1.3), (2, -0.7), (3, 0.4), (4, 2.0) })
        {
            var a = Input(seed);
            var (value, (ga, _)) = Effects.ShortCircuitWithGradient(a, y);
            Assert.Equal(Effects.ShortCircuit(a, y).Item<double>(), value.Item<double>());
            OpFiniteDifference.Same(OpFiniteDifference.Numeric(t => Effects.ShortCircuit(t, y).Item<double>(), a), ga);
        }
    }
}

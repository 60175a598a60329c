namespace AutoDiffGen.Tests.Gradients;

/// <summary>
/// Values that do not reach the result on the path taken: every path of each method in <see cref="DeadPaths"/>
/// (branch taken or not, loops run 0, 1 and 3 times), with and without fusion, against central finite differences in
/// float64; the value WithGradient returns is the method's own result, bit for bit.
/// </summary>
public sealed class DeadPathTests
{
    private delegate (Tensor Value, Tensor Gradient) WithGradient(Tensor v, int n);

    private delegate (Tensor Value, Tensor Gradient) Pulled(Tensor v, int n, Tensor seed);

    private static readonly Dictionary<string, (Func<Tensor, int, Tensor> Method, WithGradient Gradient, Pulled Pullback)> _tensorMethods = new()
    {
        ["DeadInitIf"] = (DeadPaths.DeadInitIf, (v, n) => DeadPaths.DeadInitIfWithGradient(v, n), (v, n, s) => Pull(DeadPaths.DeadInitIfWithPullback(v, n), p => p.Invoke(s))),
        ["DeadInitIfNoFuse"] = (DeadPaths.DeadInitIfNoFuse, (v, n) => DeadPaths.DeadInitIfNoFuseWithGradient(v, n), (v, n, s) => Pull(DeadPaths.DeadInitIfNoFuseWithPullback(v, n), p => p.Invoke(s))),
        ["UsedOnlyInBranch"] = (DeadPaths.UsedOnlyInBranch, (v, n) => DeadPaths.UsedOnlyInBranchWithGradient(v, n), (v, n, s) => Pull(DeadPaths.UsedOnlyInBranchWithPullback(v, n), p => p.Invoke(s))),
        ["UsedOnlyInBranchNoFuse"] = (DeadPaths.UsedOnlyInBranchNoFuse, (v, n) => DeadPaths.UsedOnlyInBranchNoFuseWithGradient(v, n), (v, n, s) => Pull(DeadPaths.UsedOnlyInBranchNoFuseWithPullback(v, n), p => p.Invoke(s))),
        ["ReluReplaced"] = (DeadPaths.ReluReplaced, (v, n) => DeadPaths.ReluReplacedWithGradient(v, n), (v, n, s) => Pull(DeadPaths.ReluReplacedWithPullback(v, n), p => p.Invoke(s))),
        ["ReluReplacedNoFuse"] = (DeadPaths.ReluReplacedNoFuse, (v, n) => DeadPaths.ReluReplacedNoFuseWithGradient(v, n), (v, n, s) => Pull(DeadPaths.ReluReplacedNoFuseWithPullback(v, n), p => p.Invoke(s))),
        ["DeadInitFor"] = (DeadPaths.DeadInitFor, (v, n) => DeadPaths.DeadInitForWithGradient(v, n), (v, n, s) => Pull(DeadPaths.DeadInitForWithPullback(v, n), p => p.Invoke(s))),
        ["DeadInitForNoFuse"] = (DeadPaths.DeadInitForNoFuse, (v, n) => DeadPaths.DeadInitForNoFuseWithGradient(v, n), (v, n, s) => Pull(DeadPaths.DeadInitForNoFuseWithPullback(v, n), p => p.Invoke(s))),
        ["WhileBreak"] = (DeadPaths.WhileBreak, (v, n) => DeadPaths.WhileBreakWithGradient(v, n), (v, n, s) => Pull(DeadPaths.WhileBreakWithPullback(v, n), p => p.Invoke(s))),
        ["WhileBreakNoFuse"] = (DeadPaths.WhileBreakNoFuse, (v, n) => DeadPaths.WhileBreakNoFuseWithGradient(v, n), (v, n, s) => Pull(DeadPaths.WhileBreakNoFuseWithPullback(v, n), p => p.Invoke(s))),
        ["ForContinue"] = (DeadPaths.ForContinue, (v, n) => DeadPaths.ForContinueWithGradient(v, n), (v, n, s) => Pull(DeadPaths.ForContinueWithPullback(v, n), p => p.Invoke(s))),
        ["ForContinueNoFuse"] = (DeadPaths.ForContinueNoFuse, (v, n) => DeadPaths.ForContinueNoFuseWithGradient(v, n), (v, n, s) => Pull(DeadPaths.ForContinueNoFuseWithPullback(v, n), p => p.Invoke(s))),
        ["EarlyReturn"] = (DeadPaths.EarlyReturn, (v, n) => DeadPaths.EarlyReturnWithGradient(v, n), (v, n, s) => Pull(DeadPaths.EarlyReturnWithPullback(v, n), p => p.Invoke(s))),
        ["EarlyReturnNoFuse"] = (DeadPaths.EarlyReturnNoFuse, (v, n) => DeadPaths.EarlyReturnNoFuseWithGradient(v, n), (v, n, s) => Pull(DeadPaths.EarlyReturnNoFuseWithPullback(v, n), p => p.Invoke(s))),
        ["ConditionReads"] = (DeadPaths.ConditionReads, (v, n) => DeadPaths.ConditionReadsWithGradient(v, n), (v, n, s) => Pull(DeadPaths.ConditionReadsWithPullback(v, n), p => p.Invoke(s))),
        ["ConditionReadsNoFuse"] = (DeadPaths.ConditionReadsNoFuse, (v, n) => DeadPaths.ConditionReadsNoFuseWithGradient(v, n), (v, n, s) => Pull(DeadPaths.ConditionReadsNoFuseWithPullback(v, n), p => p.Invoke(s))),
        ["SwitchOverwrites"] = (DeadPaths.SwitchOverwrites, (v, n) => DeadPaths.SwitchOverwritesWithGradient(v, n), (v, n, s) => Pull(DeadPaths.SwitchOverwritesWithPullback(v, n), p => p.Invoke(s))),
        ["DoWhileOverwrites"] = (DeadPaths.DoWhileOverwrites, (v, n) => DeadPaths.DoWhileOverwritesWithGradient(v, n), (v, n, s) => Pull(DeadPaths.DoWhileOverwritesWithPullback(v, n), p => p.Invoke(s))),
        ["LoopConditionReads"] = (DeadPaths.LoopConditionReads, (v, n) => DeadPaths.LoopConditionReadsWithGradient(v, n), (v, n, s) => Pull(DeadPaths.LoopConditionReadsWithPullback(v, n), p => p.Invoke(s))),
    };

    private static (Tensor, Tensor) Pull<TPullback>((Tensor Value, TPullback Pullback) pair, Func<TPullback, Tensor> invoke) => (pair.Value, invoke(pair.Pullback));

    /// <summary>Inputs in float64: random in [-1, 1], shifted so that data-dependent conditions go both ways.</summary>
    private static IEnumerable<Tensor> Inputs()
    {
        var rng = new System.Random(15);
        foreach (var shift in new[] { -0.6, 0.0, 0.6 })
        {
            yield return Tensor.FromArray(Enumerable.Range(0, 6).Select(_ => (rng.NextDouble() * 2) - 1 + shift).ToArray(), [2, 3]);
        }
    }

    private static double[] Numeric(Func<Tensor, double> f, Tensor x) => OpFiniteDifference.Numeric(f, x);

    private static void Close(double[] numeric, double[] analytic, string what)
    {
        Assert.Equal(numeric.Length, analytic.Length);
        for (var i = 0; i < analytic.Length; i++)
        {
            Assert.True(Math.Abs(analytic[i] - numeric[i]) <= 1e-6 + (1e-6 * Math.Abs(numeric[i])), $"{what}, element {i}: analytic {analytic[i]}, numeric {numeric[i]}");
        }
    }

    private static void Identical(double expected, double actual, string what) =>
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"{what}: value {actual}, the method returns {expected}");

    /// <summary>
    /// The value of a method: bit for bit without fusion; a fused region evaluates its chain (and a trailing Sum) in
    /// its own loop, whose rounding may differ from the op-by-op runtime's in the last bits.
    /// </summary>
    private static void SameValue(string name, double expected, double actual, string what)
    {
        if (name.EndsWith("NoFuse", StringComparison.Ordinal))
        {
            Identical(expected, actual, what);
        }
        else
        {
            Assert.True(Math.Abs(expected - actual) <= 1e-13 * Math.Abs(expected), $"{what}: value {actual}, the method returns {expected}");
        }
    }

    [Theory]
    [InlineData("DeadInitIf")]
    [InlineData("DeadInitIfNoFuse")]
    [InlineData("UsedOnlyInBranch")]
    [InlineData("UsedOnlyInBranchNoFuse")]
    [InlineData("ReluReplaced")]
    [InlineData("ReluReplacedNoFuse")]
    [InlineData("DeadInitFor")]
    [InlineData("DeadInitForNoFuse")]
    [InlineData("WhileBreak")]
    [InlineData("WhileBreakNoFuse")]
    [InlineData("ForContinue")]
    [InlineData("ForContinueNoFuse")]
    [InlineData("EarlyReturn")]
    [InlineData("EarlyReturnNoFuse")]
    [InlineData("ConditionReads")]
    [InlineData("ConditionReadsNoFuse")]
    [InlineData("LoopConditionReads")]
    [InlineData("SwitchOverwrites")]
    [InlineData("DoWhileOverwrites")]
    public void Every_path_matches_finite_differences(string name)
    {
        var (method, withGradient, pullback) = _tensorMethods[name];
        foreach (var n in new[] { 0, 1, 3 })
        {
            foreach (var v in Inputs())
            {
                var what = $"{name}(n = {n}, v = {v})";
                var (value, gradient) = withGradient(v, n);
                SameValue(name, method(v, n).Item<double>(), value.Item<double>(), what);
                Close(Numeric(x => method(x, n).Item<double>(), v), gradient.ToArray<double>(), what);

                // The pullback is linear in its seed, and gives the same gradient as WithGradient.
                var (pulledValue, pulled) = pullback(v, n, Tensor.OnesLike(value) * 2.0);
                Identical(value.Item<double>(), pulledValue.Item<double>(), what + " (pullback)");
                Close(gradient.ToArray<double>().Select(g => 2 * g).ToArray(), pulled.ToArray<double>(), what + " (pullback)");
            }
        }
    }

    [Fact]
    public void A_detached_copy_keeps_the_value_it_reads_out_of_fusion()
    {
        foreach (var a in Inputs())
        {
            // h = sin(3a) and c = h.Detach(): only h.Sum() carries a gradient, 3·cos(3a) (PyTorch's detach and sin).
            var (value, gradient) = DeadPaths.DetachReadsWithGradient(a);
            SameValue(nameof(DeadPaths.DetachReads), DeadPaths.DetachReads(a).Item<double>(), value.Item<double>(), "DetachReads");
            var expected = a.ToArray<double>().Select(x => 3 * Math.Cos(3 * x)).ToArray();
            Close(expected, gradient.ToArray<double>(), "DetachReads");
        }
    }

    [Fact]
    public void A_parameter_that_does_not_reach_the_result_gets_zero_and_a_masked_pullback_skips_it()
    {
        foreach (var n in new[] { 0, 1 })
        {
            foreach (var a in Inputs())
            {
                var b = a.Cos() * 0.5;
                var (value, (ga, gb)) = DeadPaths.TwoParametersWithGradient(a, b, n);
                Identical(DeadPaths.TwoParameters(a, b, n).Item<double>(), value.Item<double>(), $"n = {n}");
                Close(Numeric(x => DeadPaths.TwoParameters(x, b, n).Item<double>(), a), ga.ToArray<double>(), $"da, n = {n}");
                Close(Numeric(x => DeadPaths.TwoParameters(a, x, n).Item<double>(), b), gb.ToArray<double>(), $"db, n = {n}");
                if (n == 0)
                {
                    Assert.All(ga.ToArray<double>(), g => Assert.Equal(0.0, g));
                }

                var (_, pullback) = DeadPaths.TwoParametersWithPullback(a, b, n);
                var seed = Tensor.OnesLike(value);
                var (onlyA, noB) = pullback.Invoke(seed, 0b01);
                var (noA, onlyB) = pullback.Invoke(seed, 0b10);
                Assert.Null(noA);
                Assert.Null(noB);
                Assert.Equal(ga.ToArray<double>(), onlyA.ToArray<double>());
                Assert.Equal(gb.ToArray<double>(), onlyB.ToArray<double>());
            }
        }
    }

    [Fact]
    public void A_model_that_does_not_reach_the_result_gets_a_zero_gradient()
    {
        Tensor.ManualSeed(15);
        var layer = new Linear(3, 2, dtype: DType.Float64);
        foreach (var n in new[] { 0, 1 })
        {
            foreach (var x in Inputs().Select(t => t.View(3, 2).T.Contiguous()))
            {
                var (value, (gl, gx)) = DeadPaths.ModelOnlyInBranchWithGradient(layer, x, n);
                Identical(DeadPaths.ModelOnlyInBranch(layer, x, n).Item<double>(), value.Item<double>(), $"n = {n}");
                Close(Numeric(t => DeadPaths.ModelOnlyInBranch(layer, t, n).Item<double>(), x), gx.ToArray<double>(), $"dx, n = {n}");
                var analytic = gl.NamedTensors().ToDictionary(p => p.Key, p => p.Value);
                foreach (var (name, parameter) in layer.NamedParameters())
                {
                    var numeric = Numeric(_ => DeadPaths.ModelOnlyInBranch(layer, x, n).Item<double>(), parameter);
                    Close(numeric, analytic.TryGetValue(name, out var g) ? g.ToArray<double>() : new double[numeric.Length], $"{name}, n = {n}");
                }
            }
        }
    }

    private static double Central(Func<double, double> f, double x)
    {
        var h = 1e-6 * Math.Max(1, Math.Abs(x));
        return (f(x + h) - f(x - h)) / (2 * h);
    }

    [Theory]
    [InlineData(2.0, 12)] // z overflows to infinity, but the result is the constant 1: the gradient is 0, not 0 · ∞ = NaN
    [InlineData(2.0, 0)]
    [InlineData(2.0, 1)]
    [InlineData(2.0, 3)]
    [InlineData(-0.9, 0)]
    [InlineData(-0.9, 1)]
    [InlineData(-0.9, 3)]
    [InlineData(-0.9, 12)]
    public void A_scalar_that_overflows_where_it_is_not_used_costs_nothing(double x, int n)
    {
        var (value, dx) = DeadPaths.OverflowNotReturnedWithGradient(x, n);
        Identical(DeadPaths.OverflowNotReturned(x, n), value, $"x = {x}, n = {n}");
        var numeric = Central(u => DeadPaths.OverflowNotReturned(u, n), x);
        Assert.True(Math.Abs(dx - numeric) <= 1e-6 + (1e-6 * Math.Abs(numeric)), $"x = {x}, n = {n}: analytic {dx}, numeric {numeric}");
        var (_, pullback) = DeadPaths.OverflowNotReturnedWithPullback(x, n);
        Assert.Equal(3 * dx, pullback.Invoke(3.0), 12);
    }

    [Theory]
    [InlineData(1.0, 0)] // exp(1000) is infinite but not used: the gradient of x * x is 2
    [InlineData(0.001, 0)]
    [InlineData(0.001, 1)]
    public void A_scalar_used_only_in_a_branch_not_taken_costs_nothing(double x, int n)
    {
        var (value, dx) = DeadPaths.OverflowInBranchWithGradient(x, n);
        Identical(DeadPaths.OverflowInBranch(x, n), value, $"x = {x}, n = {n}");
        var numeric = Central(u => DeadPaths.OverflowInBranch(u, n), x);
        Assert.True(Math.Abs(dx - numeric) <= 1e-6 + (1e-6 * Math.Abs(numeric)), $"x = {x}, n = {n}: analytic {dx}, numeric {numeric}");
    }

    [Theory]
    [InlineData(1.0, 1)] // Sqrt(-1) is NaN, and Abs of it is dead: the gradient of x * x is 2
    [InlineData(3.0, 1)]
    [InlineData(3.0, 0)]
    public void A_dead_NaN_through_Abs_neither_throws_nor_poisons_the_gradient(double x, int n)
    {
        var (value, dx) = DeadPaths.AbsOfNaNNotReturnedWithGradient(x, n);
        Identical(DeadPaths.AbsOfNaNNotReturned(x, n), value, $"x = {x}, n = {n}");
        var numeric = Central(u => DeadPaths.AbsOfNaNNotReturned(u, n), x);
        Assert.True(Math.Abs(dx - numeric) <= 1e-6 + (1e-6 * Math.Abs(numeric)), $"x = {x}, n = {n}: analytic {dx}, numeric {numeric}");
    }

    [Fact]
    public void The_Abs_rule_gives_NaN_for_a_NaN_input_instead_of_throwing()
    {
        Assert.True(double.IsNaN(AutoDiffGen.Derivatives.MathDerivatives.Abs(double.NaN, double.NaN, 1.0)));
        Assert.True(float.IsNaN(AutoDiffGen.Derivatives.MathFDerivatives.Abs(float.NaN, float.NaN, 1f)));
        Assert.Equal(-2.0, AutoDiffGen.Derivatives.MathDerivatives.Abs(-3.0, 3.0, 2.0));
        Assert.Equal(0.0, AutoDiffGen.Derivatives.MathDerivatives.Abs(0.0, 0.0, 2.0));
    }
}

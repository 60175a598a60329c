namespace AutoDiffGen.Tests.Gradients;

/// <summary>The tensor methods of <see cref="ControlFlow"/> against central finite differences, on every path.</summary>
public class ControlFlowTests
{
    private static readonly double[] _data = [0.3, -1.2, 0.8];

    /// <summary>Value bit for bit equal to the method's own, gradient equal to finite differences, for every n.</summary>
    private static void Check(Func<Tensor, int, Tensor> f, Func<Tensor, int, (Tensor Value, Tensor Gradient)> withGradient, params int[] ns)
    {
        foreach (var n in ns)
        {
            var x = Tensor.FromArray(_data, [3]);
            var (value, gradient) = withGradient(x, n);
            Assert.Equal(f(x, n).Item<double>(), value.Item<double>());
            var analytic = gradient.ToArray<double>();
            for (var i = 0; i < _data.Length; i++)
            {
                var h = 1e-6 * Math.Max(1, Math.Abs(_data[i]));
                var numeric = (At(i, _data[i] + h) - At(i, _data[i] - h)) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-6 + (1e-6 * Math.Abs(numeric)), $"n = {n}, element {i}: analytic {analytic[i]}, numeric {numeric}");
            }

            double At(int k, double u)
            {
                var copy = (double[])_data.Clone();
                copy[k] = u;
                return f(Tensor.FromArray(copy, [3]), n).Item<double>();
            }
        }
    }

    [Fact]
    public void Returns_nested_in_ifs_and_else_branches() =>
        Check(ControlFlow.NestedReturns, ControlFlow.NestedReturnsWithGradient, -1, 0, 1, 2, 3, 5);

    [Fact]
    public void Goto_case_and_goto_default() =>
        Check(ControlFlow.GotoSections, ControlFlow.GotoSectionsWithGradient, 0, 1, 2, 3);

    [Fact]
    public void Switch_on_a_value_computed_from_a_tensor() =>
        Check(ControlFlow.SwitchOnValue, ControlFlow.SwitchOnValueWithGradient, -1, 0, 1, 3);

    [Fact]
    public void For_ever_and_while_true_left_by_break() =>
        Check(ControlFlow.Forever, ControlFlow.ForeverWithGradient, 1, 2, 3);
}

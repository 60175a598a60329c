namespace AutoDiffGen.Tests.Gradients;

/// <summary>The methods of <see cref="Aggregates"/>: value bit for bit equal to the method's own, gradient against central finite differences.</summary>
public class AggregateTests
{
    private static Tensor Input() => Tensor.FromArray(new[] { 0.3, -1.2, 0.8 }, [3]);

    private static void CheckTensor(Func<Tensor, Tensor> f, Func<Tensor, (Tensor Value, Tensor Gradient)> withGradient)
    {
        var x = Input();
        var (value, gradient) = withGradient(x);
        Assert.Equal(f(x).Item<double>(), value.Item<double>());
        OpFiniteDifference.Check(f, Input(), gradient);
    }

    [Fact]
    public void Record_struct_of_tensors() =>
        CheckTensor(Aggregates.PairOfTensors, x => Aggregates.PairOfTensorsWithGradient(x));

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public void Array_of_tensors_with_run_time_indices(int n) =>
        CheckTensor(x => Aggregates.TensorArray(x, n), x => Aggregates.TensorArrayWithGradient(x, n));

    [Fact]
    public void Class_with_get_only_properties_and_a_ref_local()
    {
        foreach (var k in new[] { -0.5, 2.0 })
        {
            var x = Input();
            var (value, (gradient, dk)) = Aggregates.ScaledAndRefWithGradient(x, k);
            Assert.Equal(Aggregates.ScaledAndRef(x, k).Item<double>(), value.Item<double>());
            OpFiniteDifference.Check(t => Aggregates.ScaledAndRef(t, k), Input(), gradient);
            var h = 1e-6;
            var numeric = (Aggregates.ScaledAndRef(x, k + h).Item<double>() - Aggregates.ScaledAndRef(x, k - h).Item<double>()) / (2 * h);
            Assert.True(Math.Abs(numeric - dk) <= 1e-6 + (1e-6 * Math.Abs(numeric)), $"analytic {dk}, numeric {numeric}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void Scalars_in_arrays_and_structs(int n)
    {
        foreach (var x in new[] { -1.3, 0.4, 1.1 })
        {
            var (value, gradient) = Aggregates.ScalarsWithGradient(x, n);
            Assert.Equal(Aggregates.Scalars(x, n), value);
            var h = 1e-6;
            var numeric = (Aggregates.Scalars(x + h, n) - Aggregates.Scalars(x - h, n)) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient) <= 1e-6 + (1e-6 * Math.Abs(numeric)), $"analytic {gradient}, numeric {numeric}");
        }
    }
}

namespace AutoDiffGen.Tests.Gradients;

public class InstanceMethodTests
{
    [Fact]
    public void Instance_methods_of_partial_types_get_gradients_and_read_fields_as_constants()
    {
        var scaler = new Scaler(2.5);
        foreach (var x in new[] { -1.0, 0.3, 2.0 })
        {
            var (value, dx) = scaler.ApplyWithGradient(x);
            Assert.Equal(scaler.Apply(x), value, 12);
            Assert.Equal(2.5 * ((Math.Cos(x) * x) + Math.Sin(x)), dx, 12);
            var (_, pullback) = scaler.ApplyWithPullback(x);
            Assert.Equal(2 * dx, pullback.Invoke(2.0), 12);
        }
    }
}

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
            SameValue.Bits(scaler.Apply(x), value);
            Assert.Equal(2.5 * ((Math.Cos(x) * x) + Math.Sin(x)), dx, 12);
            var (pulled, pullback) = scaler.ApplyWithPullback(x);
            SameValue.Bits(scaler.Apply(x), pulled);
            Assert.Equal(2 * dx, pullback.Invoke(2.0), 12);
        }
    }

    [Fact]
    public void Instance_methods_call_instance_methods_of_this_and_of_other_objects()
    {
        var model = new TwoStage(1.5, 0.2);
        const double h = 1e-6;
        foreach (var (x, y) in new[] { (-1.0, 0.5), (0.3, -0.7), (1.1, 0.9) })
        {
            var (value, (dx, dy)) = model.RunWithGradient(x, y);
            SameValue.Bits(model.Run(x, y), value);
            Assert.Equal((model.Run(x + h, y) - model.Run(x - h, y)) / (2 * h), dx, 1e-7);
            Assert.Equal((model.Run(x, y + h) - model.Run(x, y - h)) / (2 * h), dy, 1e-7);
        }
    }
}

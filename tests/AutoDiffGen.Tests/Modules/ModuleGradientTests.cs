namespace AutoDiffGen.Tests.Modules;

/// <summary>Generated Parameters(), names and Gradient types of models, checked against finite differences.</summary>
public sealed class ModuleGradientTests
{
    [Fact]
    public void ParametersAreNamedLikePyTorchInDeclarationOrder()
    {
        var mlp = new Mlp(4, 5, 3);
        Assert.Equal(["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"], mlp.NamedParameters().Select(p => p.Key));
        Assert.Equal([5, 4], mlp.Parameters()[0].Shape);
        Assert.Equal(4 * 5 + 5 + (5 * 3) + 3, mlp.ParameterCount());

        var scaled = new Scaled(DType.Float64);
        Assert.Equal(["inner.weight", "inner.bias", "scale"], scaled.NamedParameters().Select(p => p.Key));
        Assert.Equal(["count"], scaled.NamedBuffers().Select(p => p.Key));
        Assert.Equal(["inner.weight", "inner.bias", "scale", "count"], scaled.StateDict().Keys);
        Assert.Equal(["", "inner"], scaled.NamedModules().Select(m => m.Key));
    }

    [Fact]
    public void LinearStartsFromPyTorchsDefaultInitialisation()
    {
        Tensor.ManualSeed(7);
        var layer = new Linear(400, 300);
        var bound = 1 / Math.Sqrt(400);
        var w = layer.Weight.ToArray<float>();
        Assert.All(w, v => Assert.InRange(v, -bound, bound));

        // Uniform on (−b, b): mean ≈ 0, variance b²/3, over 120,000 draws.
        var mean = w.Average(v => (double)v);
        var variance = w.Average(v => (v - mean) * (v - mean));
        Assert.InRange(mean, -0.01 * bound, 0.01 * bound);
        Assert.InRange(variance, 0.97 * bound * bound / 3, 1.03 * bound * bound / 3);
        Assert.All(layer.Bias!.ToArray<float>(), v => Assert.InRange(v, -bound, bound));
        Assert.Null(new Linear(3, 2, bias: false).Bias);
        Assert.Single(new Linear(3, 2, bias: false).Parameters());
    }

    [Fact]
    public void ModelGradientMatchesFiniteDifferences()
    {
        Tensor.ManualSeed(1);
        var model = new Mlp(4, 6, 3, DType.Float64);
        var x = Tensor.Randn([5, 4], DType.Float64);
        var y = Tensor.FromArray(new long[] { 0, 2, 1, 1, 0 }, [5]);
        var (loss, grad) = Objectives.LossWithGradient(model, x, y);
        SameValue.Bits(Objectives.Loss(model, x, y), loss);
        Assert.IsType<Mlp.Gradient>(grad);
        Assert.NotNull(grad.Fc1?.Weight);
        CheckAgainstFiniteDifferences(model, grad, () => Objectives.Loss(model, x, y).Item<double>());
    }

    [Fact]
    public void OwnParametersSharedUseAndChildrenAllGetGradients()
    {
        Tensor.ManualSeed(2);
        var model = new Scaled(DType.Float64);
        var x = Tensor.Randn([4, 3], DType.Float64);
        var (scaledLossValue, grad) = Objectives.ScaledLossWithGradient(model, x);
        SameValue.Fused(Objectives.ScaledLoss(model, x), scaledLossValue);
        Assert.Equal(["inner.weight", "inner.bias", "scale"], grad.NamedTensors().Select(p => p.Key));
        CheckAgainstFiniteDifferences(model, grad, () => Objectives.ScaledLoss(model, x).Item<double>());
    }

    [Fact]
    public void ModelAndTensorGradientsTogether()
    {
        Tensor.ManualSeed(3);
        var model = new Mlp(3, 4, 2, DType.Float64);
        var x = Tensor.Randn([2, 3], DType.Float64);
        var (bothValue, (gm, gx)) = Objectives.BothWithGradient(model, x);
        SameValue.Fused(Objectives.Both(model, x), bothValue);
        CheckAgainstFiniteDifferences(model, gm, () => Objectives.Both(model, x).Item<double>());

        var numeric = Numeric(x, () => Objectives.Both(model, x).Item<double>());
        AssertClose(numeric, gx.ToArray<double>());
    }

    [Fact]
    public void InstanceMethodPullbackReturnsTheModelsGradientFirst()
    {
        Tensor.ManualSeed(4);
        var model = new Mlp(3, 4, 2, DType.Float64);
        var x = Tensor.Randn([2, 3], DType.Float64);
        var (value, pullback) = model.ForwardWithPullback(x);
        SameValue.Bits(model.Forward(x), value);
        var (self, dx) = pullback.Invoke(Tensor.OnesLike(value));
        CheckAgainstFiniteDifferences(model, self, () => model.Forward(x).Sum().Item<double>());
        AssertClose(Numeric(x, () => model.Forward(x).Sum().Item<double>()), dx.ToArray<double>());
    }

    [Fact]
    public void OptimizerStepsWithTheGeneratedGradient()
    {
        Tensor.ManualSeed(5);
        var model = new Mlp(4, 8, 3);
        var x = Tensor.Randn(16, 4);
        var y = x[.., ..3].ArgMax(1);
        var opt = new Sgd(model.Parameters(), lr: 0.5);
        var first = Objectives.Loss(model, x, y).Item<float>();
        for (var step = 0; step < 50; step++)
        {
            var (_, grad) = Objectives.LossWithGradient(model, x, y);
            opt.Step(grad);
        }

        var last = Objectives.Loss(model, x, y).Item<float>();
        Assert.True(last < first * 0.5, $"the loss fell from {first} to {last}");
    }

    [Fact]
    public void AnUnusedChildGetsZeroGradients()
    {
        var model = new Mlp(2, 3, 2, DType.Float64);
        var grad = new Mlp.Gradient(model);
        Assert.Equal(4, grad.Tensors.Count);
        Assert.All(grad.Tensors, t => Assert.All(t.ToArray<double>(), v => Assert.Equal(0, v)));
        Assert.Equal([3, 2], grad["fc1.weight"].Shape);
        var e = Assert.Throws<KeyNotFoundException>(() => grad["fc3.weight"]);
        Assert.Contains("fc1.weight", e.Message, StringComparison.Ordinal);
    }

    internal static void CheckAgainstFiniteDifferences(Module model, ModuleGradient grad, Func<double> loss)
    {
        var analytic = grad.NamedTensors().ToDictionary(p => p.Key, p => p.Value);
        foreach (var (name, parameter) in model.NamedParameters())
        {
            AssertClose(Numeric(parameter, loss), analytic[name].ToArray<double>(), name);
        }
    }

    internal static double[] Numeric(Tensor parameter, Func<double> loss)
    {
        const double h = 1e-6;
        var values = parameter.ToArray<double>();
        var numeric = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var saved = values[i];
            values[i] = saved + h;
            parameter.CopyFrom(Tensor.FromArray(values, parameter.Shape.ToArray()));
            var plus = loss();
            values[i] = saved - h;
            parameter.CopyFrom(Tensor.FromArray(values, parameter.Shape.ToArray()));
            var minus = loss();
            values[i] = saved;
            parameter.CopyFrom(Tensor.FromArray(values, parameter.Shape.ToArray()));
            numeric[i] = (plus - minus) / (2 * h);
        }

        return numeric;
    }

    internal static void AssertClose(double[] expected, double[] actual, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-7 + (1e-5 * Math.Abs(expected[i])), $"{what}[{i}]: numeric {expected[i]}, analytic {actual[i]}");
        }
    }
}

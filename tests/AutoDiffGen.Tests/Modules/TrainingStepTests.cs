namespace AutoDiffGen.Tests.Modules;

/// <summary>[TrainingStep] methods do what the hand-written loop does: the loss's gradient, then the optimizer's update.</summary>
public sealed class TrainingStepTests
{
    [Fact]
    public void AModelStepEqualsTheHandWrittenStep()
    {
        var generated = new Mlp(4, 6, 3);
        var manual = new Mlp(4, 6, 3);
        manual.LoadStateDict(generated.StateDict());
        var x = Tensor.Randn(8, 4);
        var y = x[.., ..3].ArgMax(1);
        var optGenerated = new Adam(generated.Parameters(), lr: 1e-2);
        var optManual = new Adam(manual.Parameters(), lr: 1e-2);
        for (var step = 0; step < 5; step++)
        {
            var loss = Steps.MlpStep(generated, optGenerated, x, y);
            var (expected, grad) = Objectives.LossWithGradient(manual, x, y);
            optManual.Step(grad);
            Assert.Equal(expected.Item<float>(), loss.Item<float>());
        }

        foreach (var ((name, a), (_, b)) in generated.NamedParameters().Zip(manual.NamedParameters()))
        {
            Assert.True(a.ToArray<float>().SequenceEqual(b.ToArray<float>()), name);
        }
    }

    [Fact]
    public void AModelAndATensorAreUpdatedInParameterOrder()
    {
        Tensor.ManualSeed(32);
        var model = new Mlp(3, 4, 2);
        var x = Tensor.Randn(2, 3);
        var before = x.Clone();
        var (value, (gm, gx)) = Objectives.BothWithGradient(model, x);
        SameValue.Fused(Objectives.Both(model, x), value);
        var expectedW = model.Fc1.Weight - (0.1 * gm.Fc1!.Weight!);
        var opt = new Sgd([.. model.Parameters(), x], lr: 0.1);
        Steps.BothStep(opt, model, x);
        Assert.Equal(expectedW.ToArray<float>(), model.Fc1.Weight.ToArray<float>());
        Assert.Equal((before - (0.1 * gx)).ToArray<float>(), x.ToArray<float>());
    }

    [Fact]
    public void ATensorStepFitsALine()
    {
        Tensor.ManualSeed(0);
        var x = Tensor.Arange(5).To(DType.Float32).Unsqueeze(1);
        var y = (2 * x) + 1;
        var w = Tensor.Zeros(1, 1);
        var b = Tensor.Zeros(1);
        var opt = new Sgd([w, b], lr: 0.05);
        Tensor loss = Tensor.Zeros(1);
        for (var i = 0; i < 2000; i++)
        {
            loss = Steps.RegressionStep(w, b, x, y, opt);
        }

        Assert.True(loss.Item<float>() < 1e-6, $"loss {loss.Item<float>()}");
        Assert.Equal(2, w.Item<float>(), 3);
        Assert.Equal(1, b.Item<float>(), 3);
    }
}

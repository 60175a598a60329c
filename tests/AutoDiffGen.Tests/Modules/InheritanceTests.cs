using static AutoDiffGen.Tests.Modules.ModuleGradientTests;

namespace AutoDiffGen.Tests.Modules;

/// <summary>
/// Models that derive from models (InheritanceModels.cs): gradients through inherited methods, lifted into the
/// derived model's gradient, checked against finite differences; a base's gradient stepping a derived model; a
/// training step compiled for a derived model.
/// </summary>
public sealed class InheritanceTests
{
    [Fact]
    public void AStaticLossCallingInheritedAndOwnMethodsMatchesFiniteDifferences()
    {
        Tensor.ManualSeed(61);
        var model = new DerivedNet(DType.Float64);
        var x = Tensor.Randn([4, 3], DType.Float64);
        var (loss, grad) = DerivedNet.LossWithGradient(model, x);
        SameValue.Fused(DerivedNet.Loss(model, x), loss);
        Assert.IsType<DerivedNet.Gradient>(grad);
        Assert.Equal(["w", "v", "head.weight", "head.bias"], grad.NamedTensors().Select(p => p.Key));
        CheckAgainstFiniteDifferences(model, grad, () => DerivedNet.Loss(model, x).Item<double>());

        // The pullback form gives the same gradient.
        var (value, pullback) = DerivedNet.LossWithPullback(model, x);
        SameValue.Fused(DerivedNet.Loss(model, x), value);
        var again = pullback.Invoke(Tensor.OnesLike(value));
        foreach (var ((name, a), (_, b)) in grad.NamedTensors().Zip(again.NamedTensors()))
        {
            Assert.True(a.ToArray<double>().SequenceEqual(b.ToArray<double>()), name);
        }
    }

    [Fact]
    public void AnInstanceMethodCallingTheInheritedForwardOnThisGetsItsGradient()
    {
        Tensor.ManualSeed(62);
        var model = new DerivedNet(DType.Float64);
        var x = Tensor.Randn([2, 3], DType.Float64);
        var (y, pullback) = model.Forward2WithPullback(x);
        SameValue.Bits(model.Forward2(x), y);
        var (gm, gx) = pullback.Invoke(Tensor.OnesLike(y));
        CheckAgainstFiniteDifferences(model, gm, () => model.Forward2(x).Sum().Item<double>());
        AssertClose(Numeric(x, () => model.Forward2(x).Sum().Item<double>()), gx.ToArray<double>());

        // Asking for the model's gradient only (the masked reverse pass) gives the same model gradient.
        var (only, none) = pullback.Invoke(Tensor.OnesLike(y), 0b01);
        Assert.Null(none);
        Assert.Equal(gm["w"].ToArray<double>(), only["w"].ToArray<double>());
        Assert.Equal(gm["v"].ToArray<double>(), only["v"].ToArray<double>());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void InheritedCallsInLoopsAndBranchesMatchFiniteDifferences(int steps)
    {
        Tensor.ManualSeed(63 + steps);
        var model = new DerivedNet(DType.Float64);
        var x = Tensor.Randn([2, 3], DType.Float64);
        var (repeatedValue, (gm, gx)) = model.RepeatedWithGradient(x, steps);
        SameValue.Fused(model.Repeated(x, steps), repeatedValue);
        CheckAgainstFiniteDifferences(model, gm, () => model.Repeated(x, steps).Item<double>());
        AssertClose(Numeric(x, () => model.Repeated(x, steps).Item<double>()), gx.ToArray<double>());
    }

    [Fact]
    public void AThreeLevelHierarchyMatchesFiniteDifferences()
    {
        Tensor.ManualSeed(67);
        var model = new TopNet(DType.Float64);
        var x = Tensor.Randn([2, 3], DType.Float64);
        var (lossValue, grad) = TopNet.LossWithGradient(model, x, 2);
        SameValue.Fused(TopNet.Loss(model, x, 2), lossValue);
        Assert.IsType<TopNet.Gradient>(grad);
        Assert.Equal(["w", "v", "head.weight", "head.bias", "u"], grad.NamedTensors().Select(p => p.Key));
        CheckAgainstFiniteDifferences(model, grad, () => TopNet.Loss(model, x, 2).Item<double>());
    }

    [Fact]
    public void AChildThatIsADerivedModelGetsTheGradientOfItsInheritedMethods()
    {
        Tensor.ManualSeed(68);
        var model = new Holder(DType.Float64);
        var x = Tensor.Randn([3, 3], DType.Float64);
        var (lossValue, grad) = Holder.LossWithGradient(model, x);
        SameValue.Fused(Holder.Loss(model, x), lossValue);
        Assert.IsType<DerivedNet.Gradient>(grad.Inner);
        CheckAgainstFiniteDifferences(model, grad, () => Holder.Loss(model, x).Item<double>());
    }

    [Fact]
    public void AForwardThatHidesTheBasesAndCallsItMatchesFiniteDifferences()
    {
        Tensor.ManualSeed(73);
        var model = new Wrapped(DType.Float64);
        var x = Tensor.Randn([2, 3], DType.Float64);
        var (lossValue, grad) = Wrapped.LossWithGradient(model, x);
        SameValue.Fused(Wrapped.Loss(model, x), lossValue);
        CheckAgainstFiniteDifferences(model, grad, () => Wrapped.Loss(model, x).Item<double>());
    }

    [Fact]
    public void ADerivedModelPassedToALossOnTheBaseTypeIsLifted()
    {
        Tensor.ManualSeed(69);
        var model = new DerivedNet(DType.Float64);
        var x = Tensor.Randn([2, 3], DType.Float64);
        var (viaBaseValue, grad) = DerivedNet.ViaBaseWithGradient(model, x);
        SameValue.Fused(DerivedNet.ViaBase(model, x), viaBaseValue);
        CheckAgainstFiniteDifferences(model, grad, () => DerivedNet.ViaBase(model, x).Item<double>());
    }

    [Fact]
    public void TheBaseLossOfADerivedModelStepsOnlyTheBasesParameters()
    {
        Tensor.ManualSeed(70);
        var model = new DerivedNet(DType.Float64);
        var x = Tensor.Randn([2, 3], DType.Float64);
        var (baseLossValue, grad) = BaseNet.BaseLossWithGradient(model, x);
        SameValue.Fused(BaseNet.BaseLoss(model, x), baseLossValue);
        Assert.IsType<BaseNet.Gradient>(grad);
        Assert.Same(model, grad.Owner);
        CheckAgainstFiniteDifferences(model, grad, () => BaseNet.BaseLoss(model, x).Item<double>());

        // SGD with momentum and weight decay: W moves; V and the head have no gradient and are skipped (as PyTorch
        // skips grad None), so weight decay and momentum leave them exactly as they were, step after step.
        var others = model.NamedParameters().Where(p => p.Key != "w").Select(p => (p.Key, p.Value.ToArray<double>())).ToList();
        var w = model.W.ToArray<double>();
        var g = grad.W!.ToArray<double>();
        var opt = new Sgd(model.Parameters(), lr: 0.1, momentum: 0.9, weightDecay: 0.1);
        opt.Step(grad);
        AssertClose([.. w.Zip(g, (wi, gi) => wi - (0.1 * (gi + (0.1 * wi))))], model.W.ToArray<double>(), "w");
        opt.Step(BaseNet.BaseLossWithGradient(model, x).Gradient);
        foreach (var (name, before) in others)
        {
            Assert.Equal(before, model.NamedParameters().Single(p => p.Key == name).Value.ToArray<double>());
        }

        // Lifted to the derived model's gradient, the same values are a full gradient: V's is zero, so decay moves it.
        opt.Step(DerivedNet.Gradient.From(grad));
        Assert.NotEqual(others.Single(p => p.Key == "v").Item2, model.V.ToArray<double>());
    }

    [Fact]
    public void AccumulatedBaseGradientsSkipTheDerivedModelsOwnParameters()
    {
        Tensor.ManualSeed(71);
        var model = new DerivedNet(DType.Float64);
        var x = Tensor.Randn([2, 3], DType.Float64);
        var v = model.V.ToArray<double>();
        var w = model.W.ToArray<double>();
        var opt = new Adam(model.Parameters(), lr: 0.01, weightDecay: 0.5);
        opt.Accumulate(BaseNet.BaseLossWithGradient(model, x).Gradient);
        opt.Accumulate(BaseNet.BaseLossWithGradient(model, x * 2).Gradient);
        opt.Step();
        Assert.Equal(v, model.V.ToArray<double>());
        Assert.NotEqual(w, model.W.ToArray<double>());
    }

    [Fact]
    public void AdamCountsStepsPerParameterWhenABaseGradientSkipsSome()
    {
        // PyTorch keeps 'step' per parameter: one skipped (grad None) does not advance. V's first real update, after
        // two base-gradient steps, is therefore Adam's t = 1 step: lr·g/(|g| + eps), with no bias left uncorrected.
        Tensor.ManualSeed(73);
        var model = new DerivedNet(DType.Float64);
        var x = Tensor.Randn([2, 3], DType.Float64);
        var opt = new Adam(model.Parameters(), lr: 0.01);
        var names = model.NamedParameters().Select(p => p.Key).ToList();
        var (iw, iv) = (names.IndexOf("w"), names.IndexOf("v"));
        opt.Step(BaseNet.BaseLossWithGradient(model, x).Gradient);
        opt.Step(BaseNet.BaseLossWithGradient(model, x).Gradient);
        Assert.Equal((2, 2, 0), (opt.StepCount, opt.StepOf(iw), opt.StepOf(iv)));

        // Checkpointed now, V has no state at all (as in PyTorch) and a fresh optimizer loads that.
        var twinModel = new DerivedNet(DType.Float64);
        twinModel.LoadStateDict(model.StateDict());
        var twin = new Adam(twinModel.Parameters(), lr: 0.01);
        var state = opt.StateDict();
        Assert.DoesNotContain($"state.{iv}.exp_avg", state.Keys);
        twin.LoadStateDict(state);
        Assert.Equal((2, 2, 0), (twin.StepCount, twin.StepOf(iw), twin.StepOf(iv)));

        var v = model.V.ToArray<double>();
        var (lossValue, full) = DerivedNet.LossWithGradient(model, x);
        SameValue.Fused(DerivedNet.Loss(model, x), lossValue);
        var g = full.V!.ToArray<double>();
        opt.Step(full);
        AssertClose([.. v.Zip(g, (vi, gi) => vi - (0.01 * gi / (Math.Abs(gi) + 1e-8)))], model.V.ToArray<double>(), "v");
        Assert.Equal((3, 3, 1), (opt.StepCount, opt.StepOf(iw), opt.StepOf(iv)));

        twin.Step(DerivedNet.LossWithGradient(twinModel, x).Gradient);
        foreach (var ((name, a), (_, b)) in model.NamedParameters().Zip(twinModel.NamedParameters()))
        {
            Assert.True(a.ToArray<double>().SequenceEqual(b.ToArray<double>()), name);
        }
    }

    [Fact]
    public void AModelDerivedFromAGenericBaseGetsTheBasesGradients()
    {
        Tensor.ManualSeed(74);
        var model = new TaggedNet(DType.Float64);
        var x = Tensor.Randn([2, 3], DType.Float64);
        var (loss, grad) = TaggedNet.LossWithGradient(model, x);
        SameValue.Fused(TaggedNet.Loss(model, x), loss);
        Assert.Equal(["w", "v"], grad.NamedTensors().Select(p => p.Key));
        CheckAgainstFiniteDifferences(model, grad, () => TaggedNet.Loss(model, x).Item<double>());
    }

    [Fact]
    public void LiftingTheGradientOfAnotherModelSaysWhatIsWrong()
    {
        var plain = new BaseNet(DType.Float64);
        var (baseLossValue, grad) = BaseNet.BaseLossWithGradient(plain, Tensor.Ones([1, 3], DType.Float64));
        SameValue.Fused(BaseNet.BaseLoss(plain, Tensor.Ones([1, 3], DType.Float64)), baseLossValue);
        var e = Assert.Throws<ArgumentException>(() => DerivedNet.Gradient.From(grad));
        Assert.Contains("not of a DerivedNet", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATrainingStepOfADerivedModelEqualsTheHandWrittenStep()
    {
        Tensor.ManualSeed(72);
        var generated = new DerivedNet(DType.Float32);
        var manual = new DerivedNet(DType.Float32);
        manual.LoadStateDict(generated.StateDict());
        var x = Tensor.Randn(5, 3);
        var optGenerated = new Sgd(generated.Parameters(), lr: 1e-2, momentum: 0.9);
        var optManual = new Sgd(manual.Parameters(), lr: 1e-2, momentum: 0.9);
        for (var step = 0; step < 4; step++)
        {
            var loss = InheritanceSteps.DerivedStep(generated, optGenerated, x);
            var (expected, grad) = DerivedNet.LossWithGradient(manual, x);
            optManual.Step(grad);
            Assert.Equal(expected.Item<float>(), loss.Item<float>());
        }

        foreach (var ((name, a), (_, b)) in generated.NamedParameters().Zip(manual.NamedParameters()))
        {
            Assert.True(a.ToArray<float>().SequenceEqual(b.ToArray<float>()), name);
        }
    }
}

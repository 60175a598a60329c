using AutoDiffGen.Internal;

namespace AutoDiffGen.Tests.Modules;

/// <summary>
/// Generated training steps run in their step memory (<see cref="StepMemory"/>): after warm-up a step allocates
/// (almost) nothing, the weights are bit-identical to the plain LossWithGradient + optimizer.Step loop, the returned
/// loss is the step's static output, and a step that throws leaves no memory current on its thread.
/// </summary>
public sealed class StepMemoryTests
{
    [Fact]
    public void TheTensorsOfAWarmStepAllocateNothing()
    {
        var (model, x, y) = Mlp784();
        var opt = new Sgd(model.Parameters(), lr: 1e-2, momentum: 0.9);
        var memory = new StepMemory();
        void Forward()
        {
            var arena = memory.Enter();
            try
            {
                var (logits, _) = model.ForwardWithPullback(x);
                var loss = AutoDiffGen.Losses.CrossEntropy(logits, y);
                _ = AutoDiffGen.Derivatives.LossDerivatives.CrossEntropyLogits(logits, y, Reduction.Mean, 0, loss, Tensor.OnesLike(loss));
            }
            finally
            {
                arena.Exit(opt);
            }
        }

        Assert.Equal(0, BytesPerCall(Forward));
    }

    [Fact]
    public void AWarmMlpStepAllocatesNothing()
    {
        // Every tensor, array, shape and gradient object comes from the step's memory (190 KB per step before it).
        var (model, x, y) = Mlp784();
        var opt = new Sgd(model.Parameters(), lr: 1e-2, momentum: 0.9);
        Assert.Equal(0, BytesPerCall(() => MemorySteps.MlpStep(model, opt, x, y)));
    }

    [Fact]
    public void AWarmFusedSgdMlpStepAllocatesNothing()
    {
        // Plain SGD: the weight updates are fused into the weight-gradient products (FusedUpdate), also from the step's memory.
        var (model, x, y) = Mlp784();
        var opt = new Sgd(model.Parameters(), lr: 1e-2);
        Assert.Equal(0, BytesPerCall(() => MemorySteps.MlpStep(model, opt, x, y)));
    }

    [Fact]
    public void AWarmBatchNormDropoutStepAllocatesNothing()
    {
        // Dropout's uniforms, keep mask and mask record, and BatchNorm's statistics come from the step's memory too.
        var model = new NormNet(new Generator(7), new Generator(8));
        var x = Tensor.Randn([24, 20], DType.Float32, new Generator(9));
        var y = Tensor.RandInt(4, [24], new Generator(10));
        var opt = new Sgd(model.Parameters(), lr: 0.1, momentum: 0.9, weightDecay: 1e-4);
        Assert.Equal(0, BytesPerCall(() => MemorySteps.NormStep(model, opt, x, y)));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(512)]
    public void AWarmCnnStepAllocatesNothing(int batch)
    {
        // At 512 samples the convolutions, pools and the ReLU over 295K elements are split over the kernel helpers
        // (Workers: a job struct on the caller's stack, no delegate, closure or task per call).
        var model = new SmallCnn(new Generator(3));
        var x = Tensor.Randn([batch, 1, 12, 12], DType.Float32, new Generator(4));
        var y = Tensor.RandInt(2, [batch], new Generator(5));
        var opt = new Adam(model.Parameters(), lr: 1e-3);
        Assert.Equal(0, BytesPerCall(() => MemorySteps.CnnStep(model, opt, x, y)));
    }

    [Fact]
    public void MlpStepsMatchThePlainLoopBitForBit()
    {
        foreach (var adam in new[] { false, true })
        {
            var stepped = new Mlp(300, 100, 10);
            var plain = new Mlp(300, 100, 10);
            plain.LoadStateDict(stepped.StateDict());
            var x = Tensor.Randn([32, 300], DType.Float32, new Generator(2));
            var y = x[.., ..10].ArgMax(1);
            Optimizer optStepped = adam ? new Adam(stepped.Parameters(), lr: 1e-3) : new Sgd(stepped.Parameters(), lr: 0.05, momentum: 0.9);
            Optimizer optPlain = adam ? new Adam(plain.Parameters(), lr: 1e-3) : new Sgd(plain.Parameters(), lr: 0.05, momentum: 0.9);
            for (var step = 0; step < 20; step++)
            {
                var loss = MemorySteps.MlpStep(stepped, optStepped, x, y).Item<float>();
                var (expected, grad) = Objectives.LossWithGradient(plain, x, y);
                optPlain.Step(grad);
                Assert.Equal(expected.Item<float>(), loss);
            }

            AssertSameState(stepped, plain);
            AssertSameState(optStepped, optPlain);
        }
    }

    [Fact]
    public void BatchNormAndDropoutStepsMatchThePlainLoopBitForBit()
    {
        var stepped = new NormNet(new Generator(7), new Generator(8));
        var plain = new NormNet(new Generator(7), new Generator(8));
        var x = Tensor.Randn([24, 20], DType.Float32, new Generator(9));
        var y = Tensor.RandInt(4, [24], new Generator(10));
        var optStepped = new Sgd(stepped.Parameters(), lr: 0.1, momentum: 0.9, weightDecay: 1e-4);
        var optPlain = new Sgd(plain.Parameters(), lr: 0.1, momentum: 0.9, weightDecay: 1e-4);
        for (var step = 0; step < 20; step++)
        {
            var loss = MemorySteps.NormStep(stepped, optStepped, x, y).Item<float>();
            var (expected, grad) = NormNet.LossWithGradient(plain, x, y);
            optPlain.Step(grad);
            Assert.Equal(expected.Item<float>(), loss);
        }

        AssertSameState(stepped, plain);
        Assert.Equal(20, stepped.Norm.NumBatchesTracked.Item<long>());
    }

    [Fact]
    public void CnnStepsMatchThePlainLoopBitForBit()
    {
        var stepped = new SmallCnn(new Generator(11));
        var plain = new SmallCnn(new Generator(11));
        var x = Tensor.Randn([8, 1, 12, 12], DType.Float32, new Generator(12));
        var y = Tensor.RandInt(2, [8], new Generator(13));
        var optStepped = new Adam(stepped.Parameters(), lr: 1e-2);
        var optPlain = new Adam(plain.Parameters(), lr: 1e-2);
        for (var step = 0; step < 20; step++)
        {
            var loss = MemorySteps.CnnStep(stepped, optStepped, x, y).Item<float>();
            var (expected, grad) = SmallCnn.LossWithGradient(plain, x, y);
            optPlain.Step(grad);
            Assert.Equal(expected.Item<float>(), loss);
        }

        AssertSameState(stepped, plain);
    }

    [Fact]
    public void TheLossIsOverwrittenByTheNextStepAndACloneKeepsIt()
    {
        var model = new Mlp(6, 8, 3);
        var x = Tensor.Randn([5, 6], DType.Float32, new Generator(14));
        var y = Tensor.RandInt(3, [5], new Generator(15));
        var opt = new Sgd(model.Parameters(), lr: 0.5);
        MemorySteps.MlpStep(model, opt, x, y);
        var first = MemorySteps.MlpStep(model, opt, x, y);
        var firstValue = first.Item<float>();
        var kept = first.Clone();
        var second = MemorySteps.MlpStep(model, opt, x, y);
        Assert.NotEqual(firstValue, second.Item<float>());
        Assert.Equal(second.Item<float>(), first.Item<float>());
        Assert.Equal(firstValue, kept.Item<float>());
    }

    [Fact]
    public void AStepThatThrowsLeavesTheThreadOutsideAnyStep()
    {
        var model = new Mlp(6, 8, 3);
        var twin = new Mlp(6, 8, 3);
        twin.LoadStateDict(model.StateDict());
        var x = Tensor.Randn([5, 6], DType.Float32, new Generator(16));
        var y = Tensor.RandInt(3, [5], new Generator(17));
        var opt = new Sgd(model.Parameters(), lr: 0.5, momentum: 0.5);
        var optTwin = new Sgd(twin.Parameters(), lr: 0.5, momentum: 0.5);
        MemorySteps.MlpStep(model, opt, x, y);
        optTwin.Step(Objectives.LossWithGradient(twin, x, y).Gradient);
        Assert.Throws<TensorShapeException>(() => MemorySteps.MlpStep(model, opt, Tensor.Randn(5, 7), y));
        Assert.Null(StepMemory.Current);
        var fresh = Tensor.Ones(3) + 1;
        Assert.Equal([2f, 2f, 2f], fresh.ToArray<float>());
        for (var step = 0; step < 3; step++)
        {
            MemorySteps.MlpStep(model, opt, x, y);
            optTwin.Step(Objectives.LossWithGradient(twin, x, y).Gradient);
        }

        AssertSameState(model, twin);
    }

    [Fact]
    public void TwoThreadsRunOneStepMethodOnTheirOwnModels()
    {
        var results = new Mlp[2];
        var expected = new Mlp[2];
        var threads = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            var model = new Mlp(10, 12, 4);
            var plain = new Mlp(10, 12, 4);
            plain.LoadStateDict(model.StateDict());
            var x = Tensor.Randn([6 + t, 10], DType.Float32, new Generator(20 + t));
            var y = Tensor.RandInt(4, [6 + t], new Generator(30 + t));
            var opt = new Sgd(model.Parameters(), lr: 0.1, momentum: 0.9);
            var optPlain = new Sgd(plain.Parameters(), lr: 0.1, momentum: 0.9);
            for (var step = 0; step < 50; step++)
            {
                MemorySteps.MlpStep(model, opt, x, y);
                optPlain.Step(Objectives.LossWithGradient(plain, x, y).Gradient);
            }

            (results[t], expected[t]) = (model, plain);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        AssertSameState(results[0], expected[0]);
        AssertSameState(results[1], expected[1]);
    }

    private static (Mlp Model, Tensor X, Tensor Y) Mlp784() =>
        (new Mlp(784, 128, 10), Tensor.Rand([64, 784], DType.Float32, new Generator(1)), Tensor.RandInt(10, [64], new Generator(2)));

    /// <summary>Bytes allocated on this thread per call, over 10 calls after 10 warm-up calls.</summary>
    private static long BytesPerCall(Action action)
    {
        for (var i = 0; i < 10; i++)
        {
            action();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            action();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / 10;
    }

    private static void AssertSameState(Module a, Module b)
    {
        foreach (var ((name, ta), (_, tb)) in a.StateDict().Zip(b.StateDict()))
        {
            Assert.True(ta.To(DType.Float64).ToArray<double>().SequenceEqual(tb.To(DType.Float64).ToArray<double>()), name);
        }
    }

    private static void AssertSameState(Optimizer a, Optimizer b)
    {
        var sb = b.StateDict();
        foreach (var (name, ta) in a.StateDict())
        {
            Assert.True(ta.ToArray<float>().SequenceEqual(sb[name].ToArray<float>()), name);
        }
    }
}

namespace AutoDiffGen.Tests.Modules;

/// <summary>Sequential and the activation layers: names, printout, gradients through layers called by interface.</summary>
public sealed class SequentialTests
{
    [Fact]
    public void ChildrenAreNamedByPosition()
    {
        var net = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], net.NamedParameters().Select(p => p.Key));
        Assert.Equal(3, net.Count);
        Assert.IsType<ReLU>(net[1]);
        Assert.Equal(
            "Sequential(\n  (0): Linear(in_features=784, out_features=128, bias=True)\n  (1): ReLU()\n  (2): Linear(in_features=128, out_features=10, bias=True)\n)",
            net.ToString());
    }

    [Fact]
    public void GradientsFlowThroughEveryLayer()
    {
        Tensor.ManualSeed(11);
        var net = new Sequential(new Linear(3, 5, dtype: DType.Float64), new Sigmoid(), new Linear(5, 4, dtype: DType.Float64), new Tanh(), new Linear(4, 3, dtype: DType.Float64));
        var x = Tensor.Randn([6, 3], DType.Float64);
        var y = Tensor.FromArray(new long[] { 0, 1, 2, 2, 1, 0 }, [6]);
        var (loss, grad) = Objectives.SequentialLossWithGradient(net, x, y);
        SameValue.Bits(Objectives.SequentialLoss(net, x, y), loss);
        Assert.Empty(grad.Layer(1)!.Tensors);
        ModuleGradientTests.CheckAgainstFiniteDifferences(net, grad, () => Objectives.SequentialLoss(net, x, y).Item<double>());
    }

    [Fact]
    public void ASequentialChildOfAModel()
    {
        Tensor.ManualSeed(12);
        var model = new Stacked(DType.Float64);
        Assert.Equal(["features.0.weight", "features.0.bias", "features.2.weight", "features.2.bias", "head.weight", "head.bias"], model.NamedParameters().Select(p => p.Key));
        var x = Tensor.Randn([5, 4], DType.Float64);
        var y = Tensor.FromArray(new long[] { 0, 1, 2, 1, 0 }, [5]);
        var (loss, grad) = Objectives.StackedLossWithGradient(model, x, y);
        SameValue.Bits(Objectives.StackedLoss(model, x, y), loss);
        Assert.NotNull(grad.Features);
        ModuleGradientTests.CheckAgainstFiniteDifferences(model, grad, () => Objectives.StackedLoss(model, x, y).Item<double>());
    }

    [Fact]
    public void ActivationLayersMatchTheTensorMethods()
    {
        var x = Tensor.FromArray(new double[] { -2, -0.5, 0, 0.5, 2, 3 }, [2, 3]);
        Assert.Equal(x.Relu().ToArray<double>(), new ReLU().Forward(x).ToArray<double>());
        Assert.Equal(x.Sigmoid().ToArray<double>(), new Sigmoid().Forward(x).ToArray<double>());
        Assert.Equal(x.Tanh().ToArray<double>(), new Tanh().Forward(x).ToArray<double>());
        Assert.Equal(x.Softmax(1).ToArray<double>(), new Softmax(1).Forward(x).ToArray<double>());
        Assert.Equal(x.LogSoftmax(0).ToArray<double>(), new LogSoftmax(0).Forward(x).ToArray<double>());
        Assert.Same(x, new Identity().Forward(x));
        Assert.Equal([2, 12], new Flatten().Forward(Tensor.Zeros(2, 3, 4)).Shape);
        Assert.Equal("Flatten(start_dim=1, end_dim=-1)", new Flatten().ToString());
    }

    [Fact]
    public void ALayerThatIsNotAModuleIsATypedError()
    {
        var e = Assert.Throws<ArgumentException>(() => new Sequential(new Linear(2, 2), new NotAModule()));
        Assert.Contains("layer 1 (NotAModule) is not a Module", e.Message, StringComparison.Ordinal);
    }

    private sealed class NotAModule : ILayer
    {
        public Tensor Forward(Tensor input) => input;

        public (Tensor Value, LayerPullback Pullback) ForwardWithPullback(Tensor input) => (input, (a, w) => throw new InvalidOperationException());
    }
}

namespace AutoDiffGen.Tests.Modules;

/// <summary>Weighted sums of each layer's output: scalar losses whose gradients reach every parameter.</summary>
public static partial class LayerObjectives
{
    [Differentiable]
    public static Tensor Conv(Conv2d layer, [NoDiff] Tensor x, [NoDiff] Tensor w) => (layer.Forward(x) * w).Sum();

    [Differentiable]
    public static Tensor Norm(LayerNorm layer, [NoDiff] Tensor x, [NoDiff] Tensor w) => (layer.Forward(x) * w).Sum();

    [Differentiable]
    public static Tensor Batch1(BatchNorm1d layer, [NoDiff] Tensor x, [NoDiff] Tensor w) => (layer.Forward(x) * w).Sum();

    [Differentiable]
    public static Tensor Batch2(BatchNorm2d layer, [NoDiff] Tensor x, [NoDiff] Tensor w) => (layer.Forward(x) * w).Sum();

    [Differentiable]
    public static Tensor Lookup(Embedding layer, [NoDiff] Tensor indices, [NoDiff] Tensor w) => (layer.Forward(indices) * w).Sum();

    [Differentiable]
    public static Tensor Pipeline(Sequential layers, [NoDiff] Tensor x, [NoDiff] Tensor w) => (layers.Forward(x) * w).Sum();
}

/// <summary>LeNet-style CNN for the learning test: conv, pool, conv, pool, two linear layers.</summary>
public sealed partial class SmallCnn : Module
{
    public SmallCnn(Generator generator)
    {
        Conv1 = new Conv2d(1, 4, 3, padding: 1, generator: generator);
        Conv2 = new Conv2d(4, 8, 3, padding: 1, generator: generator);
        Fc1 = new Linear(8 * 3 * 3, 16, generator: generator);
        Fc2 = new Linear(16, 2, generator: generator);
        Pool = new MaxPool2d(2);
    }

    public Conv2d Conv1 { get; }

    public Conv2d Conv2 { get; }

    public MaxPool2d Pool { get; }

    public Linear Fc1 { get; }

    public Linear Fc2 { get; }

    [Differentiable]
    public Tensor Forward(Tensor x)
    {
        var h = Pool.Forward(Conv1.Forward(x).Relu());
        h = Pool.Forward(Conv2.Forward(h).Relu());
        return Fc2.Forward(Fc1.Forward(h.Flatten(1)).Relu());
    }

    [Differentiable]
    public static Tensor Loss(SmallCnn model, [NoDiff] Tensor x, [NoDiff] Tensor y) => AutoDiffGen.Losses.CrossEntropy(model.Forward(x), y);
}

using AutoDiffGen;

namespace Classifier;

/// <summary>
/// The classic MNIST MLP, 784-128-10 with ReLU. Being a partial <c>Module</c> with <c>Linear</c> children, it gets a
/// generated <c>Parameters()</c>, <c>StateDict()</c>, <c>Save</c>/<c>Load</c> and an <c>Mlp.Gradient</c> type.
/// </summary>
public sealed partial class Mlp : Module
{
    public Mlp(Generator? generator = null)
    {
        Fc1 = new Linear(28 * 28, 128, generator: generator);
        Fc2 = new Linear(128, 10, generator: generator);
    }

    public Linear Fc1 { get; }

    public Linear Fc2 { get; }

    /// <summary>Class scores (logits), [N, 10], for images [N, 1, 28, 28].</summary>
    [Differentiable]
    public Tensor Forward(Tensor x) => Fc2.Forward(Fc1.Forward(x.Flatten(1)).Relu());
}

/// <summary>
/// A LeNet-style CNN: two 5×5 convolutions with ReLU and 2×2 max pooling (28 → 24 → 12 → 8 → 4), then two linear
/// layers. Fewer parameters than the MLP, and it sees shapes wherever they are in the image.
/// </summary>
public sealed partial class LeNet : Module
{
    public LeNet(Generator? generator = null)
    {
        Conv1 = new Conv2d(1, 8, 5, generator: generator);
        Conv2 = new Conv2d(8, 16, 5, generator: generator);
        Pool = new MaxPool2d(2);
        Fc1 = new Linear(16 * 4 * 4, 64, generator: generator);
        Fc2 = new Linear(64, 10, generator: generator);
    }

    public Conv2d Conv1 { get; }

    public Conv2d Conv2 { get; }

    public MaxPool2d Pool { get; }

    public Linear Fc1 { get; }

    public Linear Fc2 { get; }

    /// <summary>Class scores (logits), [N, 10], for images [N, 1, 28, 28].</summary>
    [Differentiable]
    public Tensor Forward(Tensor x)
    {
        var h = Pool.Forward(Conv1.Forward(x).Relu());     // [N, 8, 12, 12]
        h = Pool.Forward(Conv2.Forward(h).Relu());         // [N, 16, 4, 4]
        return Fc2.Forward(Fc1.Forward(h.Flatten(1)).Relu());
    }
}

/// <summary>The losses and the training steps the generator compiles from them.</summary>
public static partial class Training
{
    [Differentiable]
    public static Tensor MlpLoss(Mlp model, [NoDiff] Tensor x, [NoDiff] Tensor y) => Losses.CrossEntropy(model.Forward(x), y);

    /// <summary>One step: the loss, its gradient with respect to every parameter, and the optimizer's update.</summary>
    [TrainingStep(nameof(MlpLoss))]
    public static partial Tensor MlpStep(Mlp model, Optimizer optimizer, Tensor x, Tensor y);

    [Differentiable]
    public static Tensor LeNetLoss(LeNet model, [NoDiff] Tensor x, [NoDiff] Tensor y) => Losses.CrossEntropy(model.Forward(x), y);

    [TrainingStep(nameof(LeNetLoss))]
    public static partial Tensor LeNetStep(LeNet model, Optimizer optimizer, Tensor x, Tensor y);
}

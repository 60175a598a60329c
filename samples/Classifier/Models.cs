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

/// <summary>The losses and the training steps the generator compiles from them.</summary>
public static partial class Training
{
    [Differentiable]
    public static Tensor MlpLoss(Mlp model, [NoDiff] Tensor x, [NoDiff] Tensor y) => Losses.CrossEntropy(model.Forward(x), y);

    /// <summary>One step: the loss, its gradient with respect to every parameter, and the optimizer's update.</summary>
    [TrainingStep(nameof(MlpLoss))]
    public static partial Tensor MlpStep(Mlp model, Optimizer optimizer, Tensor x, Tensor y);
}

namespace AutoDiffGen.Tests.Modules;

/// <summary>A model with BatchNorm (running statistics updated in place) and Dropout (masks from a seeded generator).</summary>
public sealed partial class NormNet : Module
{
    public NormNet(Generator weights, Generator masks)
    {
        Fc1 = new Linear(20, 32, generator: weights);
        Norm = new BatchNorm1d(32);
        Drop = new Dropout(0.25, masks);
        Fc2 = new Linear(32, 4, generator: weights);
    }

    public Linear Fc1 { get; }

    public BatchNorm1d Norm { get; }

    public Dropout Drop { get; }

    public Linear Fc2 { get; }

    [Differentiable]
    public Tensor Forward(Tensor x) => Fc2.Forward(Drop.Forward(Norm.Forward(Fc1.Forward(x)).Relu()));

    [Differentiable]
    public static Tensor Loss(NormNet model, [NoDiff] Tensor x, [NoDiff] Tensor y) => AutoDiffGen.Losses.CrossEntropy(model.Forward(x), y);
}

/// <summary>The training steps the step-memory tests run.</summary>
public static partial class MemorySteps
{
    [TrainingStep(typeof(NormNet), nameof(NormNet.Loss))]
    public static partial Tensor NormStep(NormNet model, Optimizer optimizer, Tensor x, Tensor y);

    [TrainingStep(typeof(SmallCnn), nameof(SmallCnn.Loss))]
    public static partial Tensor CnnStep(SmallCnn model, Optimizer optimizer, Tensor x, Tensor y);

    [TrainingStep(typeof(Objectives), nameof(Objectives.Loss))]
    public static partial Tensor MlpStep(Mlp model, Optimizer optimizer, Tensor x, Tensor y);
}

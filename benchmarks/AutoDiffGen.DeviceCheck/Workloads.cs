namespace AutoDiffGen.DeviceCheck;

/// <summary>y = tanh(a·x + b)·c fused (the default) and op by op: the fusion issue's chain.</summary>
public static partial class Chains
{
    [Differentiable]
    public static Tensor TanhChain([NoDiff] Tensor x, Tensor a, Tensor b, Tensor c) => (a * x + b).Tanh() * c;

    [Differentiable(Fuse = false)]
    public static Tensor TanhChainUnfused([NoDiff] Tensor x, Tensor a, Tensor b, Tensor c) => (a * x + b).Tanh() * c;
}

/// <summary>The training issue's MLP 784-128-10 with ReLU and cross-entropy, and its compiled SGD step.</summary>
public sealed partial class MlpModel : Module
{
    public MlpModel(Generator generator)
    {
        Fc1 = new Linear(784, 128, generator: generator);
        Fc2 = new Linear(128, 10, generator: generator);
    }

    public Linear Fc1 { get; }

    public Linear Fc2 { get; }

    [Differentiable]
    public Tensor Forward(Tensor x) => Fc2.Forward(Fc1.Forward(x).Relu());

    [Differentiable]
    public static Tensor Loss(MlpModel model, [NoDiff] Tensor x, [NoDiff] Tensor y) => Losses.CrossEntropy(model.Forward(x), y);

    [TrainingStep(nameof(Loss))]
    public static partial Tensor Step(MlpModel model, Sgd optimizer, Tensor x, Tensor y);
}

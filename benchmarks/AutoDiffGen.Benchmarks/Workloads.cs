namespace AutoDiffGen.Benchmarks;

// The workloads the benchmarks and the device check (benchmarks/AutoDiffGen.DeviceCheck, which compiles this file
// too) share: the fusion issue's tanh chain and the training issue's MLP. No BenchmarkDotNet here, so the device
// check stays small enough to carry to a GPU machine.

/// <summary>y = tanh(a·x + b)·c, fused (the default) and op by op.</summary>
public static partial class Chains
{
    [Differentiable]
    public static Tensor TanhChain([NoDiff] Tensor x, Tensor a, Tensor b, Tensor c) => (a * x + b).Tanh() * c;

    [Differentiable]
    public static Tensor TanhChainSum([NoDiff] Tensor x, Tensor a, Tensor b, Tensor c) => ((a * x + b).Tanh() * c).Sum();

    [Differentiable(Fuse = false)]
    public static Tensor TanhChainUnfused([NoDiff] Tensor x, Tensor a, Tensor b, Tensor c) => (a * x + b).Tanh() * c;
}

/// <summary>An MLP written with explicit parameter tensors (until modules land): 784-128-10, ReLU, cross-entropy.</summary>
public static partial class Mlp
{
    [Differentiable]
    public static Tensor Loss(Tensor w1, Tensor b1, Tensor w2, Tensor b2, [NoDiff] Tensor x, [NoDiff] Tensor y) =>
        Losses.CrossEntropy(Tensor.MatMul((Tensor.MatMul(x, w1) + b1).Relu(), w2) + b2, y);
}

/// <summary>The same MLP as a model: Linear children, a loss taking the model, and a generated training step.</summary>
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

namespace AutoDiffGen.Benchmarks;

// The workloads the benchmarks and the device check (benchmarks/AutoDiffGen.DeviceCheck, which compiles this file
// too) share: the fusion issue's tanh chain and the training issue's MLP and LeNet-5. No BenchmarkDotNet here, so the device
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

/// <summary>LeNet-5 (as in the tutorials, on 28×28 inputs with padding 2) and its compiled SGD step.</summary>
public sealed partial class LeNet5 : Module
{
    public LeNet5(Generator generator)
    {
        Conv1 = new Conv2d(1, 6, 5, padding: 2, generator: generator);
        Conv2 = new Conv2d(6, 16, 5, generator: generator);
        Pool = new MaxPool2d(2);
        Fc1 = new Linear(16 * 5 * 5, 120, generator: generator);
        Fc2 = new Linear(120, 84, generator: generator);
        Fc3 = new Linear(84, 10, generator: generator);
    }

    public Conv2d Conv1 { get; }

    public Conv2d Conv2 { get; }

    public MaxPool2d Pool { get; }

    public Linear Fc1 { get; }

    public Linear Fc2 { get; }

    public Linear Fc3 { get; }

    [Differentiable]
    public Tensor Forward(Tensor x)
    {
        var h = Pool.Forward(Conv1.Forward(x).Relu());
        h = Pool.Forward(Conv2.Forward(h).Relu());
        return Fc3.Forward(Fc2.Forward(Fc1.Forward(h.Flatten(1)).Relu()).Relu());
    }

    [Differentiable]
    public static Tensor Loss(LeNet5 model, [NoDiff] Tensor x, [NoDiff] Tensor y) => Losses.CrossEntropy(model.Forward(x), y);

    [TrainingStep(nameof(Loss))]
    public static partial Tensor Step(LeNet5 model, Sgd optimizer, Tensor x, Tensor y);
}

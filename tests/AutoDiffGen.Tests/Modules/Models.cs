namespace AutoDiffGen.Tests.Modules;

/// <summary>The models of the contract in DESIGN.md: a two-layer MLP with nested Linear children and a loss on it.</summary>
public sealed partial class Mlp : Module
{
    public Mlp(int inputs, int hidden, int outputs, DType dtype = DType.Float32)
    {
        Fc1 = new Linear(inputs, hidden, dtype: dtype);
        Fc2 = new Linear(hidden, outputs, dtype: dtype);
    }

    public Linear Fc1 { get; }

    public Linear Fc2 { get; }

    [Differentiable]
    public Tensor Forward(Tensor x) => Fc2.Forward(Fc1.Forward(x).Relu());
}

/// <summary>A model with its own parameters next to a child, a parameter used twice, and a buffer.</summary>
public sealed partial class Scaled : Module
{
    private readonly Linear _inner;

    public Scaled(DType dtype)
    {
        _inner = new Linear(3, 2, dtype: dtype);
        Scale = Tensor.Full([2], 1.5).To(dtype);
        Count = Tensor.Zeros([1], dtype);
    }

    [Parameter]
    public Tensor Scale { get; }

    [Buffer]
    public Tensor Count { get; }

    public int Unused => 3;

    [Differentiable]
    public Tensor Forward(Tensor x) => _inner.Forward(x) * Scale + Scale.Pow(2).Sum() * Unused;
}

public static partial class Objectives
{
    [Differentiable]
    public static Tensor Loss(Mlp model, [NoDiff] Tensor x, [NoDiff] Tensor y) => AutoDiffGen.Losses.CrossEntropy(model.Forward(x), y);

    [Differentiable]
    public static Tensor ScaledLoss(Scaled model, [NoDiff] Tensor x) => model.Forward(x).Tanh().Sum();

    /// <summary>A model and a tensor both differentiable: the gradient is a (model, tensor) tuple.</summary>
    [Differentiable]
    public static Tensor Both(Mlp model, Tensor x) => model.Forward(x).Pow(2).Mean();
}

/// <summary>A model with a Sequential child, as PyTorch users write a feature extractor and a head.</summary>
public sealed partial class Stacked : Module
{
    public Stacked(DType dtype)
    {
        Features = new Sequential(new Linear(4, 6, dtype: dtype), new Tanh(), new Linear(6, 5, dtype: dtype), new ReLU());
        Head = new Linear(5, 3, dtype: dtype);
    }

    public Sequential Features { get; }

    public Linear Head { get; }

    [Differentiable]
    public Tensor Forward(Tensor x) => Head.Forward(Features.Forward(x)).LogSoftmax(-1);
}

public static partial class Objectives
{
    [Differentiable]
    public static Tensor StackedLoss(Stacked model, [NoDiff] Tensor x, [NoDiff] Tensor y) => AutoDiffGen.Losses.Nll(model.Forward(x), y);

    [Differentiable]
    public static Tensor SequentialLoss(Sequential model, [NoDiff] Tensor x, [NoDiff] Tensor y) => AutoDiffGen.Losses.CrossEntropy(model.Forward(x), y);
}

/// <summary>Training steps compiled ahead of time from the losses above.</summary>
public static partial class Steps
{
    [TrainingStep(typeof(Objectives), nameof(Objectives.Loss))]
    public static partial Tensor MlpStep(Mlp model, Optimizer optimizer, Tensor x, Tensor y);

    [TrainingStep(typeof(Objectives), nameof(Objectives.Both))]
    public static partial void BothStep(Sgd optimizer, Mlp model, Tensor x);

    [Differentiable]
    public static Tensor Regression(Tensor w, Tensor b, [NoDiff] Tensor x, [NoDiff] Tensor y) => (Tensor.MatMul(x, w) + b - y).Pow(2).Mean();

    [TrainingStep(nameof(Regression))]
    public static partial Tensor RegressionStep(Tensor w, Tensor b, Tensor x, Tensor y, Sgd optimizer);
}

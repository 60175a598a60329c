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

namespace AutoDiffGen.Tests.Optim;

/// <summary>A square layer applied twice: its weight gets two gradient contributions in one backward pass.</summary>
public sealed partial class Twice : Module
{
    public Twice(int width, int classes, DType dtype)
    {
        Hidden = new Linear(width, width, dtype: dtype);
        Head = new Linear(width, classes, dtype: dtype);
    }

    public Linear Hidden { get; }

    public Linear Head { get; }

    [Differentiable]
    public Tensor Forward(Tensor x) => Head.Forward(Hidden.Forward(Hidden.Forward(x).Tanh()).Relu());
}

/// <summary>A weight read by a Linear layer and by a penalty whose pullback reads it after the layer's.</summary>
public sealed partial class Penalized : Module
{
    public Penalized(DType dtype) => Layer = new Linear(6, 3, dtype: dtype);

    public Linear Layer { get; }
}

public static partial class FusedObjectives
{
    [Differentiable]
    public static Tensor TwiceLoss(Twice model, [NoDiff] Tensor x, [NoDiff] Tensor y) => AutoDiffGen.Losses.CrossEntropy(model.Forward(x), y);

    /// <summary>The penalty comes first in the forward pass, so its pullback runs after the layer's.</summary>
    [Differentiable]
    public static Tensor PenalizedLoss(Penalized model, [NoDiff] Tensor x, [NoDiff] Tensor y)
    {
        var penalty = model.Layer.Weight.Pow(2).Sum() * 0.01;
        return AutoDiffGen.Losses.Mse(model.Layer.Forward(x), y) + penalty;
    }

    /// <summary>One input and one output feature: the weight gradient is a single dot product over the batch.</summary>
    [Differentiable]
    public static Tensor ScalarLoss(Linear model, [NoDiff] Tensor x, [NoDiff] Tensor y) => AutoDiffGen.Losses.Mse(model.Forward(x), y);
}

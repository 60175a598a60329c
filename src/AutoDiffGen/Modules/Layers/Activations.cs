namespace AutoDiffGen;

/// <summary>max(0, x) as a layer, like <c>torch.nn.ReLU</c>.</summary>
public sealed partial class ReLU : Module, ILayer
{
    [Differentiable]
    public Tensor Forward(Tensor input) => input.Relu();
}

/// <summary>1 / (1 + e^(−x)) as a layer, like <c>torch.nn.Sigmoid</c>.</summary>
public sealed partial class Sigmoid : Module, ILayer
{
    [Differentiable]
    public Tensor Forward(Tensor input) => input.Sigmoid();
}

/// <summary>tanh(x) as a layer, like <c>torch.nn.Tanh</c>.</summary>
public sealed partial class Tanh : Module, ILayer
{
    [Differentiable]
    public Tensor Forward(Tensor input) => input.Tanh();
}

/// <summary>The identity, like <c>torch.nn.Identity</c> (a placeholder layer).</summary>
public sealed partial class Identity : Module, ILayer
{
    [Differentiable]
    public Tensor Forward(Tensor input) => input;
}

/// <summary>Softmax over <see cref="Dim"/> as a layer, like <c>torch.nn.Softmax(dim)</c>.</summary>
public sealed partial class Softmax(int dim) : Module, ILayer
{
    public int Dim { get; } = dim;

    [Differentiable]
    public Tensor Forward(Tensor input) => input.Softmax(Dim);

    protected override string ExtraRepr() => FormattableString.Invariant($"dim={Dim}");
}

/// <summary>Log-softmax over <see cref="Dim"/> as a layer, like <c>torch.nn.LogSoftmax(dim)</c>.</summary>
public sealed partial class LogSoftmax(int dim) : Module, ILayer
{
    public int Dim { get; } = dim;

    [Differentiable]
    public Tensor Forward(Tensor input) => input.LogSoftmax(Dim);

    protected override string ExtraRepr() => FormattableString.Invariant($"dim={Dim}");
}

/// <summary>Flattens dimensions <see cref="StartDim"/>..<see cref="EndDim"/>, like <c>torch.nn.Flatten</c> (by default all but the batch).</summary>
public sealed partial class Flatten(int startDim = 1, int endDim = -1) : Module, ILayer
{
    public int StartDim { get; } = startDim;

    public int EndDim { get; } = endDim;

    [Differentiable]
    public Tensor Forward(Tensor input) => input.Flatten(StartDim, EndDim);

    protected override string ExtraRepr() => FormattableString.Invariant($"start_dim={StartDim}, end_dim={EndDim}");
}

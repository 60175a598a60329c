using System.Globalization;

namespace AutoDiffGen;

/// <summary>Max over k×k windows of [N, C, H, W] inputs, like <c>torch.nn.MaxPool2d</c> (stride defaults to the kernel size).</summary>
public sealed partial class MaxPool2d : Module, ILayer
{
    public MaxPool2d(int kernelSize, int? stride = null, int padding = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize);
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Stride, nameof(stride));
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
    }

    public int KernelSize { get; }

    public int Stride { get; }

    public int Padding { get; }

    [Differentiable]
    public Tensor Forward(Tensor input) => Tensor.MaxPool2d(input, KernelSize, Stride, Padding);

    protected override string ExtraRepr() => string.Create(CultureInfo.InvariantCulture, $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}");
}

/// <summary>Mean over k×k windows of [N, C, H, W] inputs, like <c>torch.nn.AvgPool2d</c> (padding counts as zeros, as PyTorch's default).</summary>
public sealed partial class AvgPool2d : Module, ILayer
{
    public AvgPool2d(int kernelSize, int? stride = null, int padding = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize);
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Stride, nameof(stride));
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
    }

    public int KernelSize { get; }

    public int Stride { get; }

    public int Padding { get; }

    [Differentiable]
    public Tensor Forward(Tensor input) => Tensor.AvgPool2d(input, KernelSize, Stride, Padding);

    protected override string ExtraRepr() => string.Create(CultureInfo.InvariantCulture, $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}");
}

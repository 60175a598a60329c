using System.Globalization;

namespace AutoDiffGen;

/// <summary>
/// A 2-D convolution over [N, C, H, W] inputs, like <c>torch.nn.Conv2d</c> (stride and zero padding; no dilation or
/// groups): weight [out, in, k, k] and bias [out] start U(−1/√fanIn, 1/√fanIn) with fanIn = in·k·k, as in PyTorch.
/// </summary>
public sealed partial class Conv2d : Module, ILayer
{
    /// <summary>Creates the layer; <paramref name="bias"/> false leaves <see cref="Bias"/> null.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size, stride or padding out of range.</exception>
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        var fanIn = inChannels * kernelSize * kernelSize;
        Weight = Init.KaimingUniformDefault([outChannels, inChannels, kernelSize, kernelSize], fanIn, dtype, generator);
        Bias = bias ? Init.Uniform([outChannels], 1 / Math.Sqrt(fanIn), dtype, generator) : null;
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int KernelSize { get; }

    public int Stride { get; }

    public int Padding { get; }

    /// <summary>The filters, [out, in, k, k].</summary>
    [Parameter]
    public Tensor Weight { get; }

    /// <summary>The bias, [out], or null.</summary>
    [Parameter]
    public Tensor? Bias { get; }

    [Differentiable]
    public Tensor Forward(Tensor input) => Tensor.Conv2d(input, Weight, Bias, Stride, Padding);

    protected override string ExtraRepr() => string.Create(
        CultureInfo.InvariantCulture,
        $"{InChannels}, {OutChannels}, kernel_size=({KernelSize}, {KernelSize}), stride=({Stride}, {Stride}){(Padding == 0 ? string.Empty : $", padding=({Padding}, {Padding})")}{(Bias is null ? ", bias=False" : string.Empty)}");
}

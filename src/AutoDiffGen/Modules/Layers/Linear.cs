using System.Globalization;

namespace AutoDiffGen;

/// <summary>
/// y = x·Wᵀ + b, like <c>torch.nn.Linear</c>: weight [out, in] and bias [out] start U(−1/√in, 1/√in) as in
/// PyTorch. The input may have any number of leading dimensions ([..., in] → [..., out]).
/// </summary>
public sealed partial class Linear : Module, ILayer
{
    /// <summary>Creates the layer; <paramref name="bias"/> false leaves <see cref="Bias"/> null.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size that is not positive.</exception>
    public Linear(int inFeatures, int outFeatures, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = Init.KaimingUniformDefault([outFeatures, inFeatures], inFeatures, dtype, generator);
        Bias = bias ? Init.Uniform([outFeatures], 1 / Math.Sqrt(inFeatures), dtype, generator) : null;
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    /// <summary>The weight, [out, in].</summary>
    [Parameter]
    public Tensor Weight { get; }

    /// <summary>The bias, [out], or null.</summary>
    [Parameter]
    public Tensor? Bias { get; }

    /// <summary>Applies the layer to <paramref name="input"/> ([..., in]).</summary>
    [Differentiable]
    public Tensor Forward(Tensor input) => Tensor.Linear(input, Weight, Bias);

    protected override string ExtraRepr() =>
        string.Create(CultureInfo.InvariantCulture, $"in_features={InFeatures}, out_features={OutFeatures}, bias={(Bias is null ? "False" : "True")}");
}

using System.Globalization;

namespace AutoDiffGen;

/// <summary>
/// Zeroes each element with probability <see cref="P"/> and scales the rest by 1/(1 − p) in training mode, like
/// <c>torch.nn.Dropout</c>; after <see cref="Module.Eval"/> it passes values through.
/// </summary>
public sealed partial class Dropout : Module, ILayer
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer; masks are drawn from <paramref name="generator"/> or the default generator.</summary>
    public Dropout(double p = 0.5, Generator? generator = null)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout: p must be a probability in [0, 1].");
        }

        P = p;
        _generator = generator;
    }

    public double P { get; }

    [Differentiable]
    public Tensor Forward(Tensor input) => Tensor.Dropout(input, P, Training, _generator);

    protected override string ExtraRepr() => string.Create(CultureInfo.InvariantCulture, $"p={P}");
}

/// <summary>A lookup table of learned vectors, like <c>torch.nn.Embedding</c>: weight [num, dim] starts N(0, 1).</summary>
public sealed partial class Embedding : Module
{
    public Embedding(int numEmbeddings, int embeddingDim, DType dtype = DType.Float32, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numEmbeddings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(embeddingDim);
        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
        Weight = Tensor.Randn([numEmbeddings, embeddingDim], dtype, generator);
    }

    public int NumEmbeddings { get; }

    public int EmbeddingDim { get; }

    [Parameter]
    public Tensor Weight { get; }

    /// <summary>The rows of <see cref="Weight"/> at <paramref name="indices"/> (Int64, any shape) → [..., dim].</summary>
    [Differentiable]
    public Tensor Forward([NoDiff] Tensor indices) => Tensor.Embedding(indices, Weight);

    protected override string ExtraRepr() => string.Create(CultureInfo.InvariantCulture, $"{NumEmbeddings}, {EmbeddingDim}");
}

/// <summary>GELU as a layer, like <c>torch.nn.GELU</c> (exact erf form, or <c>approximate: "tanh"</c>).</summary>
public sealed partial class GELU(string approximate = "none") : Module, ILayer
{
    public string Approximate { get; } = approximate;

    [Differentiable]
    public Tensor Forward(Tensor input) => input.Gelu(Approximate);

    protected override string ExtraRepr() => Approximate == "none" ? string.Empty : $"approximate='{Approximate}'";
}

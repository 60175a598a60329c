using AutoDiffGen;

namespace ImageRestoration;

/// <summary>
/// The scrambling function with its parameters as a model: what calibration fits. The generator gives it
/// <c>Parameters()</c> and a <c>Scrambler.Gradient</c> type with the same four members, which <c>Adam</c> steps with.
/// </summary>
public sealed partial class Scrambler : Module
{
    /// <summary>Starts at "does nothing": gamma 1, the identity mix, no offset, the filter (0, 1, 0).</summary>
    public Scrambler(int size, int rounds)
    {
        Size = size;
        Rounds = rounds;
        Gamma = Tensor.Ones(3, 1, 1);
        Mix = Tensor.Eye(3);
        Offset = Tensor.Zeros(3, 1, 1);
        Taps = Tensor.FromArray(new float[] { 0, 1, 0 });
    }

    /// <summary>Exponent per channel, [3, 1, 1].</summary>
    [Parameter]
    public Tensor Gamma { get; }

    /// <summary>Colour mix, [3, 3].</summary>
    [Parameter]
    public Tensor Mix { get; }

    /// <summary>Offset per channel, [3, 1, 1].</summary>
    [Parameter]
    public Tensor Offset { get; }

    /// <summary>The 3-tap filter, [3].</summary>
    [Parameter]
    public Tensor Taps { get; }

    /// <summary>The image's height and width.</summary>
    public int Size { get; }

    /// <summary>Rounds of filtering.</summary>
    public int Rounds { get; }

    [Differentiable]
    public Tensor Forward(Tensor image) => Scrambling.Scramble(image, Gamma, Mix, Offset, Taps, Size, Rounds);

    /// <summary>The secret scrambler the sample restores from: what calibration has to find.</summary>
    public static Scrambler Secret(int size, int rounds)
    {
        var secret = new Scrambler(size, rounds);
        secret.Gamma.View(3).CopyFrom(Tensor.FromArray(new float[] { 1.8f, 0.6f, 1.3f }));
        secret.Mix.CopyFrom(Tensor.FromArray(new float[,] { { 0.2f, 0.7f, 0.1f }, { 0.1f, 0.2f, 0.8f }, { 0.75f, 0.05f, 0.2f } }));
        secret.Offset.View(3).CopyFrom(Tensor.FromArray(new float[] { 0.05f, -0.1f, 0.1f }));
        secret.Taps.CopyFrom(Tensor.FromArray(new float[] { 0.2f, 0.7f, 0.1f }));
        return secret;
    }
}

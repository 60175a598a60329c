namespace AutoDiffGen;

/// <summary>
/// The layer's own gradient and the adjoint of its input, given the adjoint of its output: what
/// <see cref="ILayer.ForwardWithPullback"/> returns, with the layer's gradient type erased to <see cref="ModuleGradient"/>.
/// Bit 0 of <paramref name="wanted"/> asks for the layer's gradient, bit 1 for the input's; one not asked for is null.
/// </summary>
public delegate (ModuleGradient Self, Tensor Input) LayerPullback(Tensor adjoint, ulong wanted);

/// <summary>
/// A module with one tensor in and one tensor out, so it can be chained in a <see cref="Sequential"/>. A model
/// implements it by declaring the interface and a <c>[Differentiable] public Tensor Forward(Tensor input)</c>: the
/// generator writes <see cref="ForwardWithPullback"/> from the generated, typed pullback.
/// </summary>
public interface ILayer
{
    /// <summary>Applies the layer (no gradient: the inference path).</summary>
    Tensor Forward(Tensor input);

    /// <summary>Applies the layer and returns the pullback of its output.</summary>
    (Tensor Value, LayerPullback Pullback) ForwardWithPullback(Tensor input);
}

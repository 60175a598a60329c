namespace AutoDiffGen;

/// <summary>
/// A model's gradient: one tensor per parameter, in the order of the model's <c>Parameters()</c>. The generator
/// makes every model's gradient type implement it, so optimizers can step with it
/// (<c>opt.Step(grad)</c>, <c>opt.Accumulate(grad)</c>) and <see cref="Gradients.ClipByGlobalNorm(IGradient, double, double, bool)"/>
/// can clip it.
/// </summary>
public interface IGradient
{
    /// <summary>The gradient tensors, in parameter order.</summary>
    IReadOnlyList<Tensor> Tensors { get; }
}

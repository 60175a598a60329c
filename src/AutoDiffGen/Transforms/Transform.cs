namespace AutoDiffGen.Transforms;

/// <summary>
/// A preprocessing step, like a torchvision transform: a function of one sample. Random transforms (crops, flips)
/// draw from the <see cref="Generator"/> they are given, never from hidden state, so a dataset can hand each sample
/// its own generator derived from (seed, epoch, index) (see <c>Select(transform, seed)</c>) and the augmentations
/// are the same whatever the number of <c>DataLoader</c> workers.
/// </summary>
/// <typeparam name="TIn">The input: an <see cref="Image"/> for <see cref="ToTensor"/>, a CHW <see cref="Tensor"/> for the rest.</typeparam>
/// <typeparam name="TOut">The output.</typeparam>
public abstract class Transform<TIn, TOut>
{
    /// <summary>True when the output depends on the generator (so a dataset must derive one per sample).</summary>
    public virtual bool IsRandom => false;

    /// <summary>Applies the transform, drawing any randomness from <paramref name="generator"/>.</summary>
    public abstract TOut Apply(TIn input, Generator generator);

    /// <summary>Applies the transform, drawing any randomness from <see cref="Generator.Default"/> (like torchvision's global RNG).</summary>
    public TOut Apply(TIn input) => Apply(input, Generator.Default);
}

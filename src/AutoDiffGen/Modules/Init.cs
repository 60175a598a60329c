namespace AutoDiffGen;

/// <summary>
/// PyTorch's default initialisations (<c>torch.nn.init</c>), drawn from <see cref="Generator.Default"/> (so
/// <see cref="Tensor.ManualSeed"/> makes models reproducible) or the generator given.
/// </summary>
public static class Init
{
    /// <summary>U(−bound, bound) of the given shape and floating-point dtype.</summary>
    public static Tensor Uniform(int[] shape, double bound, DType dtype = DType.Float32, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var t = Tensor.Rand(shape, dtype, generator);
        return t.MulInPlace(2 * bound).SubInPlace(bound);
    }

    /// <summary>
    /// <c>kaiming_uniform_(w, a=√5)</c>, what Linear and Conv2d weights start from: U(−1/√fanIn, 1/√fanIn), since
    /// the gain √(2/(1+a²)) = √(1/3) times √(3/fanIn) is 1/√fanIn.
    /// </summary>
    public static Tensor KaimingUniformDefault(int[] shape, int fanIn, DType dtype = DType.Float32, Generator? generator = null) =>
        Uniform(shape, fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0, dtype, generator);
}

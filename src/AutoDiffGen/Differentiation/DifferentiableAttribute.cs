namespace AutoDiffGen;

/// <summary>
/// Marks a method whose gradient the AutoDiffGen generator emits at compile time: <c>{Method}WithGradient</c>
/// for a scalar result and <c>{Method}WithPullback</c> for any result. Parameters of type <see cref="double"/>,
/// <see cref="float"/> or <see cref="Tensor"/> are differentiated unless marked <see cref="NoDiffAttribute"/>, or
/// unless <see cref="WithRespectTo"/> names a subset. The containing type must be <c>partial</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
    public DifferentiableAttribute()
    {
        WithRespectTo = [];
    }

    /// <summary>Differentiates only with respect to the named parameters.</summary>
    public DifferentiableAttribute(params string[] withRespectTo)
    {
        WithRespectTo = withRespectTo ?? [];
    }

    /// <summary>The parameters to differentiate with respect to; empty means every differentiable parameter.</summary>
    public IReadOnlyList<string> WithRespectTo { get; }

    /// <summary>
    /// Whether chains of elementwise tensor operations are fused into one loop (and one OpenCL kernel) forward and
    /// backward; on by default. Set it to false to run every operation and its rule separately, e.g. to compare.
    /// </summary>
    public bool Fuse { get; set; } = true;

    /// <summary>
    /// True when the type writes <c>{Method}WithPullback</c> and its <c>{Method}Pullback</c> (with an
    /// <c>Invoke(adjoint, ulong wanted = ulong.MaxValue)</c> that returns the gradients, bit j of <c>wanted</c> asking
    /// for the j-th) itself, for a body the generator cannot differentiate (a
    /// list of layers called through <see cref="ILayer"/>, as in <see cref="Sequential"/>). The generator emits
    /// nothing for the method, and calls to it go through the hand-written pullback.
    /// </summary>
    public bool Manual { get; set; }
}

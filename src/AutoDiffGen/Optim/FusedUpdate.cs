namespace AutoDiffGen.Internal;

/// <summary>
/// Fuses a plain SGD update into the weight-gradient products of a training step: for generated
/// <c>[TrainingStep]</c> methods. Inside a scope opened with the step's optimizer, a Linear layer's weight gradient
/// adjointᵀ·input is not materialised; the optimizer's <c>Step(gradients)</c> writes weight − lr·(adjointᵀ·input)
/// straight from the GEMM's registers into the weight (bit-identical to the gradient followed by the update).
/// </summary>
/// <remarks>
/// <para>Usage (what the emitted step does):</para>
/// <code>
/// using (FusedUpdate.Begin(optimizer))
/// {
///     var (loss, gradient) = LossWithGradient(model, x, y);
///     optimizer.Step(gradient.Tensors);
/// }
/// </code>
/// Inside the scope the gradients returned for fused weights are zero placeholders, so they must go to
/// <c>Step</c> and nowhere else (no clipping or accumulation in between); the inputs and adjoints the layers
/// recorded must stay unchanged until <c>Step</c>. Optimizers whose update is not θ − lr·g (momentum, weight decay,
/// Adam, …) open an empty scope and everything runs unfused; so does a scope opened inside another.
/// <c>LossWithGradient</c> called outside a scope always returns the real gradients.
/// </remarks>
public static class FusedUpdate
{
    [ThreadStatic]
    private static Optimizer? _active;

    /// <summary>Whether a scope with a fusable optimizer is open on this thread.</summary>
    internal static bool IsActive => _active is not null;

    /// <summary>Opens a scope on this thread for one training step of <paramref name="optimizer"/>; dispose it after the step.</summary>
    public static Scope Begin(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (_active is not null || !optimizer.BeginFused())
        {
            return default;
        }

        _active = optimizer;
        return new Scope(optimizer);
    }

    /// <summary>Called by the Linear weight gradient: records the product instead of computing it, when the scope's optimizer takes it.</summary>
    internal static bool TryDefer(Tensor input, Tensor weight, Tensor adjoint, out Tensor placeholder)
    {
        placeholder = null!;
        return _active is { } optimizer && optimizer.TryDefer(input, weight, adjoint, out placeholder);
    }

    /// <summary>An open scope; disposing it closes it and drops any product that <c>Step</c> did not apply.</summary>
    public readonly struct Scope : IDisposable, IEquatable<Scope>
    {
        private readonly Optimizer? _optimizer;

        internal Scope(Optimizer optimizer) => _optimizer = optimizer;

        public static bool operator ==(Scope left, Scope right) => left.Equals(right);

        public static bool operator !=(Scope left, Scope right) => !left.Equals(right);

        /// <summary>Whether this scope fuses anything (false for a non-fusable optimizer or a nested scope).</summary>
        public bool IsFusing => _optimizer is not null;

        public void Dispose()
        {
            if (_optimizer is not null && ReferenceEquals(_active, _optimizer))
            {
                _optimizer.EndFused();
                _active = null;
            }
        }

        public bool Equals(Scope other) => ReferenceEquals(_optimizer, other._optimizer);

        public override bool Equals(object? obj) => obj is Scope other && Equals(other);

        public override int GetHashCode() => _optimizer is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(_optimizer);
    }
}

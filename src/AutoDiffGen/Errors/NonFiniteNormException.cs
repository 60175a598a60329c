namespace AutoDiffGen;

/// <summary>
/// Thrown by <see cref="Gradients.ClipByGlobalNorm(IReadOnlyList{Tensor}, double, double, bool)"/> with
/// <c>errorIfNonFinite: true</c> when the gradients' total norm is NaN or infinite (like PyTorch's
/// <c>clip_grad_norm_(..., error_if_nonfinite=True)</c>). The message gives the norm and its order.
/// </summary>
public sealed class NonFiniteNormException : ArithmeticException
{
    public NonFiniteNormException(string message)
        : base(message)
    {
    }

    public NonFiniteNormException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public NonFiniteNormException()
    {
    }
}

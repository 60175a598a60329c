namespace AutoDiffGen.Derivatives;

/// <summary>
/// Rules for Dot, Inverse and Norm. Norm follows PyTorch's norm_backward: the 2-norm's gradient is x / ‖x‖ and 0 at
/// x = 0; the ∞-norm's is split evenly among the elements of largest magnitude; the 0-"norm" (a count) has none.
/// </summary>
public static class LinAlgDerivatives
{
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Dot))]
    public static (Tensor A, Tensor B) Dot(Tensor a, Tensor b, Tensor result, Tensor adjoint) => (adjoint * b, adjoint * a);

    // d(A⁻¹) = -A⁻¹ dA A⁻¹, so the adjoint of A is -A⁻ᵀ G A⁻ᵀ (per matrix of a batch).
    [DerivativeOf(typeof(Tensor), nameof(Tensor.Inverse))]
    public static Tensor Inverse(Tensor x, Tensor result, Tensor adjoint) => -Tensor.MatMul(Tensor.MatMul(result.MT, adjoint), result.MT);

    [DerivativeOf(typeof(Tensor), nameof(Tensor.Norm))]
    public static Tensor Norm(Tensor x, [NoDiff] double p, Tensor result, Tensor adjoint)
    {
        var zero = SelectionDerivatives.Zero(adjoint);
        if (p == 0 || x.NumElements == 0)
        {
            return Tensor.ZerosLike(x);
        }

        if (p == 1)
        {
            return adjoint * x.Sign();
        }

        if (p == 2)
        {
            // ‖x‖ = 0 only when x = 0: then x / max(‖x‖, tiny) is 0, PyTorch's subgradient there.
            return adjoint * x / result.Clamp(min: double.Epsilon);
        }

        var abs = x.Abs();
        if (double.IsInfinity(p))
        {
            // Max (or min) of |x|: shared evenly by the elements that attain it, with their sign.
            var hits = abs.Eq(result);
            return Tensor.Where(hits, x.Sign() * (adjoint / hits.Sum().To(adjoint._dtype)), zero);
        }

        // sign(x) |x|^(p-1) / ‖x‖^(p-1), and 0 at zeros of x (where |x|^(p-1) may be infinite) and at ‖x‖ = 0.
        var g = x.Sign() * abs.Pow(p - 1) / result.Pow(p - 1);
        return Tensor.Where(x.Eq(0.0).LogicalOr(result.Eq(0.0)), zero, adjoint * g);
    }
}

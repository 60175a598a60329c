using System.Globalization;

namespace AutoDiffGen;

/// <summary>Utilities on lists of gradients, like <c>torch.nn.utils</c>.</summary>
public static class Gradients
{
    /// <summary>
    /// Scales the gradients in place so that their total norm (the norm of all elements together, of order
    /// <paramref name="normType"/>; <see cref="double.PositiveInfinity"/> for the max norm) is at most
    /// <paramref name="maxNorm"/>, like <c>torch.nn.utils.clip_grad_norm_</c>: each gradient is multiplied by
    /// maxNorm / (norm + 1e-6) when that is below 1. Returns the total norm before clipping.
    /// </summary>
    /// <exception cref="NonFiniteNormException">The total norm is NaN or infinite and <paramref name="errorIfNonFinite"/> is set
    /// (without it, as in PyTorch, the gradients are scaled by the non-finite coefficient).</exception>
    public static double ClipByGlobalNorm(IReadOnlyList<Tensor> gradients, double maxNorm, double normType = 2, bool errorIfNonFinite = false)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (!(normType > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(normType), normType, "ClipByGlobalNorm: normType must be > 0 (2 for the Euclidean norm, double.PositiveInfinity for the max norm).");
        }

        if (double.IsNaN(maxNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "ClipByGlobalNorm: maxNorm is NaN.");
        }

        if (gradients.Count == 0)
        {
            return 0;
        }

        var total = 0.0;
        for (var i = 0; i < gradients.Count; i++)
        {
            var g = gradients[i] ?? throw new ArgumentNullException(nameof(gradients), $"ClipByGlobalNorm: gradient {i} is null.");
            if (!g.DType.IsFloatingPoint())
            {
                throw new TensorDTypeException($"ClipByGlobalNorm: gradient {i} has dtype {g.DType}; gradients are Float32 or Float64.");
            }

            var norm = Norm(g, normType);
            total = double.IsPositiveInfinity(normType) ? Math.Max(total, norm) : total + Math.Pow(norm, normType);
            if (double.IsNaN(norm))
            {
                total = double.NaN;
            }
        }

        if (!double.IsPositiveInfinity(normType))
        {
            total = Math.Pow(total, 1 / normType);
        }

        if (errorIfNonFinite && !double.IsFinite(total))
        {
            throw new NonFiniteNormException(string.Create(CultureInfo.InvariantCulture, $"ClipByGlobalNorm: the total norm of order {normType} of the gradients is {total}, so they cannot be clipped. Look for NaN or Inf in the loss or the gradients; to scale by the non-finite norm anyway, pass errorIfNonFinite: false."));
        }

        // PyTorch multiplies by clamp(maxNorm / (total + 1e-6), max=1): a NaN coefficient stays NaN.
        var coefficient = maxNorm / (total + 1e-6);
        if (!(coefficient >= 1))
        {
            for (var i = 0; i < gradients.Count; i++)
            {
                gradients[i].MulInPlace(coefficient);
            }
        }

        return total;
    }

    /// <summary>Clips a model's generated gradient in place; see <see cref="ClipByGlobalNorm(IReadOnlyList{Tensor}, double, double, bool)"/>.</summary>
    public static double ClipByGlobalNorm(IGradient gradient, double maxNorm, double normType = 2, bool errorIfNonFinite = false)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        return ClipByGlobalNorm(gradient.Tensors, maxNorm, normType, errorIfNonFinite);
    }

    /// <summary>The p-norm of one tensor, accumulated in double (on the CPU by a loop; on a device by tensor ops).</summary>
    private static double Norm(Tensor g, double p)
    {
        if (g._storage is not null)
        {
            using var abs = g.Abs();
            if (double.IsPositiveInfinity(p))
            {
                using var max = g.NumElements == 0 ? null : abs.Max();
                return max is null ? 0 : max.To(Device.Cpu).Item<double>();
            }

            using var powered = p == 1 ? abs.Clone() : abs.Pow(p);
            using var sum = powered.To(DType.Float64).Sum();
            return Math.Pow(sum.To(Device.Cpu).Item<double>(), 1 / p);
        }

        var dense = g._contiguous ? g : g.Contiguous();
        return g._dtype == DType.Float32 ? Norm(dense.ContiguousSpan<float>(), p) : Norm(dense.ContiguousSpan<double>(), p);
    }

    private static double Norm(ReadOnlySpan<float> x, double p)
    {
        double acc = 0, max = 0;
        foreach (var v in x)
        {
            var a = Math.Abs((double)v);
            max = double.IsNaN(a) ? double.NaN : Math.Max(max, a);
            acc += p == 2 ? a * a : Math.Pow(a, p);
        }

        return double.IsPositiveInfinity(p) ? max : Math.Pow(acc, 1 / p);
    }

    private static double Norm(ReadOnlySpan<double> x, double p)
    {
        double acc = 0, max = 0;
        foreach (var a0 in x)
        {
            var a = Math.Abs(a0);
            max = double.IsNaN(a) ? double.NaN : Math.Max(max, a);
            acc += p == 2 ? a * a : Math.Pow(a, p);
        }

        return double.IsPositiveInfinity(p) ? max : Math.Pow(acc, 1 / p);
    }
}

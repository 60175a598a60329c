using System.Numerics;
using System.Numerics.Tensors;

namespace AutoDiffGen.Kernels;

/// <summary>
/// CPU row kernels for the softmax losses: the loss and its gradient straight from the logits, one row at a time,
/// without the N×C log-softmax, one-hot and product tensors of the device path. Sums are taken in double.
/// A class-index target is given as <c>indices</c> (one per row); a probability target as <c>probabilities</c>
/// (rows like the logits); the unused one is empty. Label smoothing ε mixes the target with the uniform ε/C.
/// </summary>
internal static class LossKernels
{
    /// <summary>loss[r] = Σ_c q_rc·(lse(x_r) − x_rc) over the classes with q_rc ≠ 0 (so masked −∞ logits cost nothing).</summary>
    public static void CrossEntropyRows<T>(ReadOnlySpan<T> x, int rows, int classes, ReadOnlySpan<long> indices, ReadOnlySpan<T> probabilities, double smoothing, Span<T> loss)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var uniform = smoothing / classes;
        for (var r = 0; r < rows; r++)
        {
            var row = x.Slice(r * classes, classes);
            var lse = LogSumExp(row);
            double value;
            if (!indices.IsEmpty)
            {
                value = lse - double.CreateTruncating(row[(int)indices[r]]);
                if (smoothing > 0)
                {
                    // (1 − ε)·(lse − x_t) + ε/C·Σ_c (lse − x_c); a −∞ logit makes the smoothed loss +∞, as in PyTorch.
                    var picked = smoothing < 1 ? (1 - smoothing) * value : 0;
                    value = picked + (smoothing * lse) - (uniform * Sum(row));
                }
            }
            else
            {
                value = 0;
                var p = probabilities.Slice(r * classes, classes);
                for (var c = 0; c < classes; c++)
                {
                    var q = ((1 - smoothing) * double.CreateTruncating(p[c])) + uniform;
                    if (q != 0)
                    {
                        value += q * (lse - double.CreateTruncating(row[c]));
                    }
                }
            }

            loss[r] = T.CreateTruncating(value);
        }
    }

    /// <summary>
    /// grad_r = s_r·(softmax(x_r)·Σ_c q_rc − q_r), with s_r = <paramref name="scale"/> times
    /// <paramref name="rowScale"/>[r] when given (reduction None). A row that is entirely −∞ (or holds NaN or +∞)
    /// gets NaN, as its softmax is undefined.
    /// </summary>
    public static void CrossEntropyGradientRows<T>(ReadOnlySpan<T> x, int rows, int classes, ReadOnlySpan<long> indices, ReadOnlySpan<T> probabilities, double smoothing, double scale, ReadOnlySpan<T> rowScale, Span<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var uniform = smoothing / classes;
        for (var r = 0; r < rows; r++)
        {
            var row = x.Slice(r * classes, classes);
            var g = gradient.Slice(r * classes, classes);
            var s = rowScale.IsEmpty ? scale : scale * double.CreateTruncating(rowScale[r]);
            var max = TensorPrimitives.Max(row);
            if (!T.IsFinite(max))
            {
                g.Fill(T.NaN);
                continue;
            }

            // First pass: exponentials into the gradient row and their sum; second pass: normalise and subtract q.
            var sum = 0.0;
            for (var c = 0; c < classes; c++)
            {
                var e = Math.Exp(double.CreateTruncating(row[c] - max));
                sum += e;
                g[c] = T.CreateTruncating(e);
            }

            if (!indices.IsEmpty)
            {
                var k = T.CreateTruncating(s / sum);
                var shift = T.CreateTruncating(s * uniform);
                for (var c = 0; c < classes; c++)
                {
                    g[c] = (g[c] * k) - shift;
                }

                var t = (int)indices[r];
                g[t] -= T.CreateTruncating(s * (1 - smoothing));
            }
            else
            {
                var p = probabilities.Slice(r * classes, classes);
                var total = ((1 - smoothing) * Sum(p)) + smoothing;
                var k = s * total / sum;
                for (var c = 0; c < classes; c++)
                {
                    var q = ((1 - smoothing) * double.CreateTruncating(p[c])) + uniform;
                    g[c] = T.CreateTruncating((double.CreateTruncating(g[c]) * k) - (s * q));
                }
            }
        }
    }

    /// <summary>loss[r] = −x[r, t_r].</summary>
    public static void NllRows<T>(ReadOnlySpan<T> x, int rows, int classes, ReadOnlySpan<long> indices, Span<T> loss)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var r = 0; r < rows; r++)
        {
            loss[r] = -x[(r * classes) + (int)indices[r]];
        }
    }

    /// <summary>Into a zeroed gradient: g[r, t_r] = −s_r.</summary>
    public static void NllGradientRows<T>(Span<T> gradient, int rows, int classes, ReadOnlySpan<long> indices, double scale, ReadOnlySpan<T> rowScale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var r = 0; r < rows; r++)
        {
            var s = rowScale.IsEmpty ? scale : scale * double.CreateTruncating(rowScale[r]);
            gradient[(r * classes) + (int)indices[r]] = T.CreateTruncating(-s);
        }
    }

    private static double Sum<T>(ReadOnlySpan<T> row)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sum = 0.0;
        foreach (var v in row)
        {
            sum += double.CreateTruncating(v);
        }

        return sum;
    }

    /// <summary>max + log Σ exp(x − max) in double; NaN for an entirely −∞ row (no distribution), as in PyTorch.</summary>
    private static double LogSumExp<T>(ReadOnlySpan<T> row)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var max = double.CreateTruncating(TensorPrimitives.Max(row));
        if (!double.IsFinite(max))
        {
            return double.IsPositiveInfinity(max) || double.IsNegativeInfinity(max) ? double.NaN : max;
        }

        var sum = 0.0;
        foreach (var v in row)
        {
            sum += Math.Exp(double.CreateTruncating(v) - max);
        }

        return max + Math.Log(sum);
    }
}

namespace AutoDiffGen.Tests.Optim;

/// <summary>
/// The optimizers' algorithms as written in PyTorch's documentation ("Algorithm" boxes of torch.optim), for one
/// scalar parameter followed over the steps, in double: an oracle written apart from the library's loops.
/// <c>grad(t)</c> is ∇f at step t (1-based) and <c>lr(t)</c> the learning rate used by step t.
/// </summary>
internal static class OptimReference
{
    public static double Sgd(double theta, Func<int, double> grad, int steps, Func<int, double> lr, double mu = 0, double tau = 0, bool nesterov = false, double lambda = 0, bool maximize = false)
    {
        var b = 0.0;
        for (var t = 1; t <= steps; t++)
        {
            var g = maximize ? -grad(t) : grad(t);
            if (lambda != 0)
            {
                g += lambda * theta;
            }

            if (mu != 0)
            {
                b = t > 1 ? (mu * b) + ((1 - tau) * g) : g;
                g = nesterov ? g + (mu * b) : b;
            }

            theta -= lr(t) * g;
        }

        return theta;
    }

    public static double Adam(double theta, Func<int, double> grad, int steps, Func<int, double> lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double lambda = 0, bool amsgrad = false, bool maximize = false, bool decoupled = false)
    {
        double m = 0, v = 0, vMax = 0;
        for (var t = 1; t <= steps; t++)
        {
            var g = maximize ? -grad(t) : grad(t);
            if (decoupled)
            {
                theta -= lr(t) * lambda * theta;
            }
            else if (lambda != 0)
            {
                g += lambda * theta;
            }

            m = (beta1 * m) + ((1 - beta1) * g);
            v = (beta2 * v) + ((1 - beta2) * g * g);
            var mHat = m / (1 - Math.Pow(beta1, t));
            double vHat;
            if (amsgrad)
            {
                vMax = Math.Max(vMax, v);
                vHat = vMax / (1 - Math.Pow(beta2, t));
            }
            else
            {
                vHat = v / (1 - Math.Pow(beta2, t));
            }

            theta -= lr(t) * mHat / (Math.Sqrt(vHat) + eps);
        }

        return theta;
    }

    public static double RMSprop(double theta, Func<int, double> grad, int steps, Func<int, double> lr, double alpha = 0.99, double eps = 1e-8, double lambda = 0, double mu = 0, bool centered = false, bool maximize = false)
    {
        double v = 0, b = 0, gAve = 0;
        for (var t = 1; t <= steps; t++)
        {
            var g = maximize ? -grad(t) : grad(t);
            if (lambda != 0)
            {
                g += lambda * theta;
            }

            v = (alpha * v) + ((1 - alpha) * g * g);
            var vTilde = v;
            if (centered)
            {
                gAve = (gAve * alpha) + ((1 - alpha) * g);
                vTilde -= gAve * gAve;
            }

            if (mu > 0)
            {
                b = (mu * b) + (g / (Math.Sqrt(vTilde) + eps));
                theta -= lr(t) * b;
            }
            else
            {
                theta -= lr(t) * g / (Math.Sqrt(vTilde) + eps);
            }
        }

        return theta;
    }

    public static double Adagrad(double theta, Func<int, double> grad, int steps, Func<int, double> lr, double eta = 0, double lambda = 0, double initial = 0, double eps = 1e-10, bool maximize = false)
    {
        var sum = initial;
        for (var t = 1; t <= steps; t++)
        {
            var g = maximize ? -grad(t) : grad(t);
            var gamma = lr(t) / (1 + ((t - 1) * eta));
            if (lambda != 0)
            {
                g += lambda * theta;
            }

            sum += g * g;
            theta -= gamma * g / (Math.Sqrt(sum) + eps);
        }

        return theta;
    }

    /// <summary>The shapes of the two test parameters.</summary>
    public static readonly int[][] Shapes = [[2, 3], [3]];

    /// <summary>Initial value of element <paramref name="i"/> of parameter <paramref name="k"/>.</summary>
    public static double Initial(int k, int i) => Math.Cos((0.5 * i) + k) * (1 + (0.5 * k));

    /// <summary>The gradient of element i of parameter k at step t: both signs, changing sizes (so AMSGrad's max matters).</summary>
    public static double Grad(int t, int k, int i) => Math.Sin((1.3 * t) + (0.7 * k) + (0.31 * i)) * (1 + (0.1 * k)) * (t % 3 == 0 ? 0.2 : 1);

    public static Tensor[] Parameters(DType dtype = DType.Float64)
    {
        return [.. Shapes.Select((s, k) => Tensor.FromArray(Enumerable.Range(0, Numel(s)).Select(i => Initial(k, i)).ToArray(), s).To(dtype))];
    }

    public static Tensor[] Grads(int t, DType dtype = DType.Float64)
    {
        return [.. Shapes.Select((s, k) => Tensor.FromArray(Enumerable.Range(0, Numel(s)).Select(i => Grad(t, k, i)).ToArray(), s).To(dtype))];
    }

    public static int Numel(int[] shape) => shape.Aggregate(1, (a, b) => a * b);

    public static void AssertClose(double expected, double actual, double tolerance, string what)
    {
        Assert.True(
            Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)),
            $"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):E3})");
    }
}

/// <summary>A hand-written stand-in for a generated gradient type.</summary>
internal sealed record TestGradient(params Tensor[] Items) : IGradient
{
    public IReadOnlyList<Tensor> Tensors => Items;
}

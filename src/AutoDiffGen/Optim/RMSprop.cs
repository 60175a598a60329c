using System.Numerics;

namespace AutoDiffGen;

/// <summary>
/// RMSprop, like <c>torch.optim.RMSprop</c>: g ← ±∇ + λθ; v ← αv + (1 − α)g²; ṽ ← v, or ṽ ← v − ḡ² with
/// ḡ ← αḡ + (1 − α)g when centered; with momentum μ, b ← μb + g / (√ṽ + ε) and θ ← θ − γb, else
/// θ ← θ − γ g / (√ṽ + ε).
/// </summary>
public sealed class RMSprop : Optimizer
{
    private readonly string[] _stateNames;
    private readonly int _bufferSlot;
    private readonly int _averageSlot;

    /// <summary>Creates the optimizer (PyTorch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, no weight decay or momentum).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative or non-finite hyper-parameter.</exception>
    public RMSprop(IEnumerable<Tensor> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false, bool maximize = false)
        : base(parameters, lr, "RMSprop")
    {
        Hyper.NonNegative(alpha, nameof(alpha), "RMSprop");
        Hyper.NonNegative(eps, nameof(eps), "RMSprop");
        Hyper.NonNegative(weightDecay, nameof(weightDecay), "RMSprop");
        Hyper.NonNegative(momentum, nameof(momentum), "RMSprop");
        Alpha = alpha;
        Eps = eps;
        WeightDecay = weightDecay;
        Momentum = momentum;
        Centered = centered;
        Maximize = maximize;
        List<string> names = ["square_avg"];
        _bufferSlot = momentum > 0 ? names.Count : -1;
        if (momentum > 0)
        {
            names.Add("momentum_buffer");
        }

        _averageSlot = centered ? names.Count : -1;
        if (centered)
        {
            names.Add("grad_avg");
        }

        _stateNames = [.. names];
    }

    public double Alpha { get; }

    public double Eps { get; }

    public double WeightDecay { get; }

    public double Momentum { get; }

    public bool Centered { get; }

    public bool Maximize { get; }

    private protected override string[] StateNames => _stateNames;

    private protected override void Update(int index, Tensor parameter, Tensor gradient)
    {
        var v = State(index, 0);
        var b = _bufferSlot >= 0 ? State(index, _bufferSlot) : null;
        var mean = _averageSlot >= 0 ? State(index, _averageSlot) : null;
        if (IsCpuContiguous(parameter))
        {
            var g = Dense(gradient);
            if (parameter.DType == DType.Float32)
            {
                Kernel(parameter.ContiguousSpan<float>(), g.ContiguousSpan<float>(), v.ContiguousSpan<float>(), b is null ? default : b.ContiguousSpan<float>(), mean is null ? default : mean.ContiguousSpan<float>());
            }
            else
            {
                Kernel(parameter.ContiguousSpan<double>(), g.ContiguousSpan<double>(), v.ContiguousSpan<double>(), b is null ? default : b.ContiguousSpan<double>(), mean is null ? default : mean.ContiguousSpan<double>());
            }

            return;
        }

        var d = Maximize ? -gradient : gradient;
        if (WeightDecay != 0)
        {
            var decayed = d.Add(parameter, WeightDecay);
            Free(d, gradient);
            d = decayed;
        }

        var square = d * d;
        v.MulInPlace(Alpha).AddInPlace(square, 1 - Alpha);
        square.Dispose();
        Tensor avg;
        if (mean is not null)
        {
            mean.MulInPlace(Alpha).AddInPlace(d, 1 - Alpha);
            var meanSquare = mean * mean;
            avg = v - meanSquare;
            meanSquare.Dispose();
            avg.SqrtInPlace();
        }
        else
        {
            avg = v.Sqrt();
        }

        avg.AddInPlace(Eps);
        var step = d / avg;
        if (b is not null)
        {
            b.MulInPlace(Momentum).AddInPlace(step);
            parameter.AddInPlace(b, -LearningRate);
        }
        else
        {
            parameter.AddInPlace(step, -LearningRate);
        }

        step.Dispose();
        avg.Dispose();
        Free(d, gradient);
    }

    private void Kernel<T>(Span<T> p, ReadOnlySpan<T> grad, Span<T> v, Span<T> b, Span<T> mean)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double lr = LearningRate, alpha = Alpha, eps = Eps, wd = WeightDecay, mu = Momentum;
        var sign = Maximize ? -1.0 : 1.0;
        var momentum = mu > 0;
        var centered = Centered;
        for (var i = 0; i < p.Length; i++)
        {
            var theta = double.CreateTruncating(p[i]);
            var g = (sign * double.CreateTruncating(grad[i])) + (wd * theta);
            var vi = (alpha * double.CreateTruncating(v[i])) + ((1 - alpha) * g * g);
            v[i] = T.CreateTruncating(vi);
            var vTilde = vi;
            if (centered)
            {
                var gi = (alpha * double.CreateTruncating(mean[i])) + ((1 - alpha) * g);
                mean[i] = T.CreateTruncating(gi);
                vTilde -= gi * gi;
            }

            var step = g / (Math.Sqrt(vTilde) + eps);
            if (momentum)
            {
                var bi = (mu * double.CreateTruncating(b[i])) + step;
                b[i] = T.CreateTruncating(bi);
                step = bi;
            }

            p[i] = T.CreateTruncating(theta - (lr * step));
        }
    }
}

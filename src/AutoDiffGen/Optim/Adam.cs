using System.Numerics;

namespace AutoDiffGen;

/// <summary>
/// Adam, like <c>torch.optim.Adam</c>: g ← ±∇ + λθ; m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²;
/// m̂ ← m / (1 − β₁ᵗ); v̂ ← v / (1 − β₂ᵗ) (with AMSGrad, v̂ ← max(vₘₐₓ, v) / (1 − β₂ᵗ)); θ ← θ − γ m̂ / (√v̂ + ε).
/// </summary>
public class Adam : Optimizer
{
    private static readonly string[] _plainState = ["exp_avg", "exp_avg_sq"];
    private static readonly string[] _amsgradState = ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"];
    private readonly bool _decoupled;

    /// <summary>Creates the optimizer (PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A beta outside [0, 1), or a negative eps, lr or weight decay.</exception>
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, (double Beta1, double Beta2)? betas = null, double eps = 1e-8, double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : this(parameters, lr, betas, eps, weightDecay, amsgrad, maximize, decoupled: false, "Adam")
    {
    }

    private protected Adam(IEnumerable<Tensor> parameters, double lr, (double Beta1, double Beta2)? betas, double eps, double weightDecay, bool amsgrad, bool maximize, bool decoupled, string name)
        : base(parameters, lr, name)
    {
        var (beta1, beta2) = betas ?? (0.9, 0.999);
        Hyper.UnitInterval(beta1, "betas.Beta1", name);
        Hyper.UnitInterval(beta2, "betas.Beta2", name);
        Hyper.NonNegative(eps, nameof(eps), name);
        Hyper.NonNegative(weightDecay, nameof(weightDecay), name);
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        AmsGrad = amsgrad;
        Maximize = maximize;
        _decoupled = decoupled;
    }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Eps { get; }

    public double WeightDecay { get; }

    public bool AmsGrad { get; }

    public bool Maximize { get; }

    private protected override string[] StateNames => AmsGrad ? _amsgradState : _plainState;

    private protected override void Update(int index, Tensor parameter, Tensor gradient)
    {
        var m = State(index, 0);
        var v = State(index, 1);
        var vMax = AmsGrad ? State(index, 2) : null;
        var t = StepOf(index);
        var bc1 = 1 - Math.Pow(Beta1, t);
        var bc2 = 1 - Math.Pow(Beta2, t);
        if (IsCpuContiguous(parameter))
        {
            var g = Dense(gradient);
            if (parameter.DType == DType.Float32)
            {
                Kernel(parameter.ContiguousSpan<float>(), g.ContiguousSpan<float>(), m.ContiguousSpan<float>(), v.ContiguousSpan<float>(), vMax is null ? default : vMax.ContiguousSpan<float>(), bc1, bc2);
            }
            else
            {
                Kernel(parameter.ContiguousSpan<double>(), g.ContiguousSpan<double>(), m.ContiguousSpan<double>(), v.ContiguousSpan<double>(), vMax is null ? default : vMax.ContiguousSpan<double>(), bc1, bc2);
            }

            return;
        }

        var d = Maximize ? -gradient : gradient;
        if (_decoupled && WeightDecay != 0)
        {
            parameter.MulInPlace(1 - (LearningRate * WeightDecay));
        }
        else if (!_decoupled && WeightDecay != 0)
        {
            var decayed = d.Add(parameter, WeightDecay);
            Free(d, gradient);
            d = decayed;
        }

        m.MulInPlace(Beta1).AddInPlace(d, 1 - Beta1);
        var square = d * d;
        v.MulInPlace(Beta2).AddInPlace(square, 1 - Beta2);
        square.Dispose();
        Free(d, gradient);
        var second = v;
        if (vMax is not null)
        {
            var max = vMax.Maximum(v);
            vMax.CopyFrom(max);
            max.Dispose();
            second = vMax;
        }

        var denom = second.Sqrt();
        denom.DivInPlace(Math.Sqrt(bc2)).AddInPlace(Eps);
        var ratio = m / denom;
        parameter.AddInPlace(ratio, -LearningRate / bc1);
        ratio.Dispose();
        denom.Dispose();
    }

    private void Kernel<T>(Span<T> p, ReadOnlySpan<T> grad, Span<T> m, Span<T> v, Span<T> vMax, double bc1, double bc2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double lr = LearningRate, b1 = Beta1, b2 = Beta2, eps = Eps, wd = WeightDecay;
        var sign = Maximize ? -1.0 : 1.0;
        var decay = _decoupled ? 1 - (lr * wd) : 1.0;
        var coupled = _decoupled ? 0.0 : wd;
        var stepSize = lr / bc1;
        var bc2Sqrt = Math.Sqrt(bc2);
        var amsgrad = AmsGrad;
        for (var i = 0; i < p.Length; i++)
        {
            var theta = double.CreateTruncating(p[i]);
            var g = (sign * double.CreateTruncating(grad[i])) + (coupled * theta);
            theta *= decay;
            var mi = (b1 * double.CreateTruncating(m[i])) + ((1 - b1) * g);
            var vi = (b2 * double.CreateTruncating(v[i])) + ((1 - b2) * g * g);
            m[i] = T.CreateTruncating(mi);
            v[i] = T.CreateTruncating(vi);
            if (amsgrad)
            {
                vi = Math.Max(double.CreateTruncating(vMax[i]), vi);
                vMax[i] = T.CreateTruncating(vi);
            }

            p[i] = T.CreateTruncating(theta - (stepSize * mi / ((Math.Sqrt(vi) / bc2Sqrt) + eps)));
        }
    }
}

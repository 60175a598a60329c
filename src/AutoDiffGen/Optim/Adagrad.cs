using System.Numerics;

namespace AutoDiffGen;

/// <summary>
/// Adagrad, like <c>torch.optim.Adagrad</c>: γ̃ ← γ / (1 + (t − 1)η); g ← ±∇ + λθ; s ← s + g²;
/// θ ← θ − γ̃ g / (√s + ε), with s starting at <c>initialAccumulatorValue</c>.
/// </summary>
public sealed class Adagrad : Optimizer
{
    private static readonly string[] _stateNames = ["sum"];

    /// <summary>Creates the optimizer (PyTorch's defaults: lr 1e-2, no lr decay or weight decay, accumulator 0, eps 1e-10).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative or non-finite hyper-parameter.</exception>
    public Adagrad(IEnumerable<Tensor> parameters, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0, double initialAccumulatorValue = 0, double eps = 1e-10, bool maximize = false)
        : base(parameters, lr, "Adagrad")
    {
        Hyper.NonNegative(lrDecay, nameof(lrDecay), "Adagrad");
        Hyper.NonNegative(weightDecay, nameof(weightDecay), "Adagrad");
        Hyper.NonNegative(initialAccumulatorValue, nameof(initialAccumulatorValue), "Adagrad");
        Hyper.NonNegative(eps, nameof(eps), "Adagrad");
        LrDecay = lrDecay;
        WeightDecay = weightDecay;
        InitialAccumulatorValue = initialAccumulatorValue;
        Eps = eps;
        Maximize = maximize;
        ResetState();
    }

    public double LrDecay { get; }

    public double WeightDecay { get; }

    public double InitialAccumulatorValue { get; }

    public double Eps { get; }

    public bool Maximize { get; }

    private protected override string[] StateNames => _stateNames;

    /// <summary>As in PyTorch, the accumulators exist from the start (filled with the initial value), with step 0.</summary>
    private protected override void ResetState()
    {
        for (var i = 0; i < Parameters.Count; i++)
        {
            State(i, 0).FillInPlace(InitialAccumulatorValue);
        }
    }

    private protected override void Update(int index, Tensor parameter, Tensor gradient)
    {
        var sum = State(index, 0);
        var clr = LearningRate / (1 + ((StepOf(index) - 1) * LrDecay));
        if (IsCpuContiguous(parameter))
        {
            var g = Dense(gradient);
            if (parameter.DType == DType.Float32)
            {
                Kernel(parameter.ContiguousSpan<float>(), g.ContiguousSpan<float>(), sum.ContiguousSpan<float>(), clr);
            }
            else
            {
                Kernel(parameter.ContiguousSpan<double>(), g.ContiguousSpan<double>(), sum.ContiguousSpan<double>(), clr);
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
        sum.AddInPlace(square);
        square.Dispose();
        var std = sum.Sqrt();
        std.AddInPlace(Eps);
        var step = d / std;
        parameter.AddInPlace(step, -clr);
        step.Dispose();
        std.Dispose();
        Free(d, gradient);
    }

    private void Kernel<T>(Span<T> p, ReadOnlySpan<T> grad, Span<T> sum, double clr)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double wd = WeightDecay, eps = Eps;
        var sign = Maximize ? -1.0 : 1.0;
        for (var i = 0; i < p.Length; i++)
        {
            var theta = double.CreateTruncating(p[i]);
            var g = (sign * double.CreateTruncating(grad[i])) + (wd * theta);
            var s = double.CreateTruncating(sum[i]) + (g * g);
            sum[i] = T.CreateTruncating(s);
            p[i] = T.CreateTruncating(theta - (clr * g / (Math.Sqrt(s) + eps)));
        }
    }
}

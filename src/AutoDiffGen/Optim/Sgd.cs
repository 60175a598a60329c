using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

/// <summary>
/// Stochastic gradient descent, optionally with momentum, like <c>torch.optim.SGD</c>:
/// g ← ±∇ + λθ; with momentum μ, b ← g on the first step, else b ← μb + (1 − τ)g, and g ← g + μb (Nesterov) or
/// g ← b; then θ ← θ − γg. As in PyTorch's implementation, <c>maximize</c> negates the gradient before weight decay.
/// </summary>
public sealed class Sgd : Optimizer
{
    private static readonly string[] _momentumState = ["momentum_buffer"];
    private readonly string[] _stateNames;

    /// <summary>Creates the optimizer (PyTorch's defaults: lr 1e-3, no momentum, dampening or weight decay).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative or non-finite hyper-parameter.</exception>
    /// <exception cref="ArgumentException">Nesterov momentum without momentum, or with dampening.</exception>
    public Sgd(IEnumerable<Tensor> parameters, double lr = 1e-3, double momentum = 0, double dampening = 0, bool nesterov = false, double weightDecay = 0, bool maximize = false)
        : base(parameters, lr, "Sgd")
    {
        Hyper.NonNegative(momentum, nameof(momentum), "Sgd");
        Hyper.Finite(dampening, nameof(dampening), "Sgd");
        Hyper.NonNegative(weightDecay, nameof(weightDecay), "Sgd");
        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Sgd: Nesterov momentum needs momentum > 0 and zero dampening (got momentum {momentum}, dampening {dampening})."), nameof(nesterov));
        }

        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
        WeightDecay = weightDecay;
        Maximize = maximize;
        _stateNames = momentum != 0 ? _momentumState : [];
    }

    public double Momentum { get; }

    public double Dampening { get; }

    public bool Nesterov { get; }

    public double WeightDecay { get; }

    public bool Maximize { get; }

    private protected override string[] StateNames => _stateNames;

    private protected override bool HasStepState => false;

    /// <summary>Without momentum or weight decay the update is θ ← θ ∓ lr·g: a GEMM computing g can apply it directly.</summary>
    private protected override double? FusedScale => Momentum == 0 && WeightDecay == 0 ? (Maximize ? LearningRate : -LearningRate) : null;

    private protected override void Update(int index, Tensor parameter, Tensor gradient)
    {
        var buffer = Momentum != 0 ? GetState(index, 0) : null;
        var first = Momentum != 0 && buffer is null;
        if (first)
        {
            // b₁ = g₁; zeros here, and the loop below writes g into it.
            buffer = State(index, 0);
        }

        if (IsCpuContiguous(parameter))
        {
            var g = Dense(gradient);
            if (parameter.DType == DType.Float32)
            {
                Kernel(parameter.ContiguousSpan<float>(), g.ContiguousSpan<float>(), buffer is null ? default : buffer.ContiguousSpan<float>(), first);
            }
            else
            {
                Kernel(parameter.ContiguousSpan<double>(), g.ContiguousSpan<double>(), buffer is null ? default : buffer.ContiguousSpan<double>(), first);
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

        if (buffer is not null)
        {
            if (first)
            {
                buffer.CopyFrom(d);
            }
            else
            {
                buffer.MulInPlace(Momentum).AddInPlace(d, 1 - Dampening);
            }

            if (Nesterov)
            {
                parameter.AddInPlace(d, -LearningRate).AddInPlace(buffer, -LearningRate * Momentum);
            }
            else
            {
                parameter.AddInPlace(buffer, -LearningRate);
            }
        }
        else
        {
            parameter.AddInPlace(d, -LearningRate);
        }

        Free(d, gradient);
    }

    private void Kernel<T>(Span<T> p, ReadOnlySpan<T> grad, Span<T> b, bool first)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var h = new SgdKernels.Hyper(LearningRate, Momentum, 1 - Dampening, WeightDecay, Maximize ? -1.0 : 1.0, Nesterov, first);
        if (typeof(T) == typeof(float))
        {
            SgdKernels.Update(MemoryMarshal.Cast<T, float>(p), MemoryMarshal.Cast<T, float>(grad), MemoryMarshal.Cast<T, float>(b), h);
        }
        else
        {
            SgdKernels.Update(MemoryMarshal.Cast<T, double>(p), MemoryMarshal.Cast<T, double>(grad), MemoryMarshal.Cast<T, double>(b), h);
        }
    }
}

namespace AutoDiffGen;

/// <summary>
/// AdamW, like <c>torch.optim.AdamW</c>: Adam with decoupled weight decay, θ ← θ − γλθ before the Adam update
/// (the gradient is not changed by the decay).
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer (PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A beta outside [0, 1), or a negative eps, lr or weight decay.</exception>
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, (double Beta1, double Beta2)? betas = null, double eps = 1e-8, double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false)
        : base(parameters, lr, betas, eps, weightDecay, amsgrad, maximize, decoupled: true, "AdamW")
    {
    }
}

namespace AutoDiffGen;

/// <summary>
/// Cosine annealing without restarts, like <c>torch.optim.lr_scheduler.CosineAnnealingLR</c> in closed form:
/// lr = eta_min + (base_lr − eta_min) · (1 + cos(π · epoch / tMax)) / 2. Past tMax the cosine continues (the rate
/// rises again), as in PyTorch.
/// </summary>
public sealed class CosineAnnealingLR : LRScheduler
{
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tMax"/> is not positive, or <paramref name="etaMin"/> is negative or not finite.</exception>
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0)
        : base(optimizer)
    {
        if (tMax <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tMax), tMax, "CosineAnnealingLR: tMax must be a positive number of epochs.");
        }

        Hyper.NonNegative(etaMin, nameof(etaMin), "CosineAnnealingLR");
        TMax = tMax;
        EtaMin = etaMin;
        InitialStep();
    }

    public int TMax { get; }

    public double EtaMin { get; }

    private protected override double LearningRateAt(int epoch) =>
        EtaMin + ((BaseLearningRate - EtaMin) * (1 + Math.Cos(Math.PI * epoch / TMax)) / 2);
}

namespace AutoDiffGen;

/// <summary>
/// Scales the learning rate by a factor that changes linearly from <c>startFactor</c> to <c>endFactor</c> over
/// <c>totalIters</c> epochs (a linear warm-up with the defaults), like <c>torch.optim.lr_scheduler.LinearLR</c>:
/// lr = base_lr · (start + (end − start) · min(epoch, totalIters) / totalIters).
/// </summary>
public sealed class LinearLR : LRScheduler
{
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="startFactor"/> is not in (0, 1], <paramref name="endFactor"/> is not in [0, 1], or <paramref name="totalIters"/> is not positive.</exception>
    public LinearLR(Optimizer optimizer, double startFactor = 1.0 / 3, double endFactor = 1.0, int totalIters = 5)
        : base(optimizer)
    {
        if (!(startFactor > 0 && startFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, "LinearLR: startFactor must be greater than 0 and at most 1.");
        }

        if (!(endFactor >= 0 && endFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(endFactor), endFactor, "LinearLR: endFactor must be between 0 and 1.");
        }

        if (totalIters <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(totalIters), totalIters, "LinearLR: totalIters must be a positive number of epochs.");
        }

        StartFactor = startFactor;
        EndFactor = endFactor;
        TotalIters = totalIters;
        InitialStep();
    }

    public double StartFactor { get; }

    public double EndFactor { get; }

    public int TotalIters { get; }

    private protected override double LearningRateAt(int epoch) =>
        BaseLearningRate * (StartFactor + ((EndFactor - StartFactor) * Math.Min(TotalIters, epoch) / TotalIters));
}

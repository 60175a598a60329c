namespace AutoDiffGen;

/// <summary>
/// Multiplies the learning rate by <c>gamma</c> every <c>stepSize</c> epochs, like
/// <c>torch.optim.lr_scheduler.StepLR</c>: lr = base_lr · gamma^⌊epoch / stepSize⌋.
/// </summary>
public sealed class StepLR : LRScheduler
{
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepSize"/> is not positive, or <paramref name="gamma"/> is negative or not finite.</exception>
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1)
        : base(optimizer)
    {
        if (stepSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "StepLR: stepSize must be a positive number of epochs.");
        }

        Hyper.NonNegative(gamma, nameof(gamma), "StepLR");
        StepSize = stepSize;
        Gamma = gamma;
        InitialStep();
    }

    public int StepSize { get; }

    public double Gamma { get; }

    private protected override double LearningRateAt(int epoch) => BaseLearningRate * Math.Pow(Gamma, epoch / StepSize);
}

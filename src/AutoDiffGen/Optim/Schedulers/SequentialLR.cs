namespace AutoDiffGen;

/// <summary>
/// Runs schedulers one after another, switching at the given epochs, like
/// <c>torch.optim.lr_scheduler.SequentialLR</c>: e.g. a <see cref="LinearLR"/> warm-up for 5 epochs, then
/// <see cref="CosineAnnealingLR"/>. At a milestone the next scheduler restarts from its epoch 0.
/// </summary>
/// <example>
/// <code>
/// var warmup = new LinearLR(opt, startFactor: 0.1, totalIters: 5);
/// var cosine = new CosineAnnealingLR(opt, tMax: 95);
/// var schedule = new SequentialLR(opt, [warmup, cosine], milestones: [5]);
/// </code>
/// </example>
public sealed class SequentialLR : LRScheduler
{
    private readonly LRScheduler[] _schedulers;
    private readonly int[] _milestones;

    /// <exception cref="ArgumentException">The schedulers are not one more than the milestones, belong to another
    /// optimizer, or the milestones are not increasing and positive.</exception>
    public SequentialLR(Optimizer optimizer, IReadOnlyList<LRScheduler> schedulers, IReadOnlyList<int> milestones)
        : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(schedulers);
        ArgumentNullException.ThrowIfNull(milestones);
        if (schedulers.Count == 0)
        {
            throw new ArgumentException("SequentialLR: expects at least one scheduler.", nameof(schedulers));
        }

        if (milestones.Count != schedulers.Count - 1)
        {
            throw new ArgumentException($"SequentialLR: expects one milestone fewer than schedulers, but got {schedulers.Count} scheduler(s) and {milestones.Count} milestone(s).", nameof(milestones));
        }

        for (var i = 0; i < schedulers.Count; i++)
        {
            if (schedulers[i] is null || !ReferenceEquals(schedulers[i].Optimizer, optimizer))
            {
                throw new ArgumentException($"SequentialLR: scheduler {i} is null or schedules another optimizer; all schedulers must be created for the optimizer passed to SequentialLR.", nameof(schedulers));
            }
        }

        for (var i = 0; i < milestones.Count; i++)
        {
            if (milestones[i] <= 0 || (i > 0 && milestones[i] <= milestones[i - 1]))
            {
                throw new ArgumentException($"SequentialLR: milestones must be positive and increasing, but got [{string.Join(", ", milestones)}].", nameof(milestones));
            }
        }

        _schedulers = [.. schedulers];
        _milestones = [.. milestones];

        // As PyTorch: back to the initial rate, undo the initial step of every scheduler, then redo the first one's.
        optimizer.LearningRate = BaseLearningRate;
        foreach (var s in _schedulers)
        {
            s.Rewind();
        }

        _schedulers[0].StepTo(0);
        LastEpoch = 0;
        LastLearningRate = _schedulers[0].LastLearningRate;
    }

    /// <summary>The chained schedulers.</summary>
    public IReadOnlyList<LRScheduler> Schedulers => _schedulers;

    /// <summary>The epochs at which the next scheduler takes over.</summary>
    public IReadOnlyList<int> Milestones => _milestones;

    /// <summary>Advances the active scheduler; at a milestone, the next scheduler starts from its epoch 0.</summary>
    public override void Step()
    {
        LastEpoch++;
        var index = 0;
        while (index < _milestones.Length && _milestones[index] <= LastEpoch)
        {
            index++;
        }

        var scheduler = _schedulers[index];
        if (index > 0 && _milestones[index - 1] == LastEpoch)
        {
            scheduler.StepTo(0);
        }
        else
        {
            scheduler.Step();
        }

        LastLearningRate = scheduler.LastLearningRate;
    }

    private protected override double LearningRateAt(int epoch) => _schedulers[0].LastLearningRate;
}

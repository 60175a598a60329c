namespace AutoDiffGen;

/// <summary>
/// The base of the learning-rate schedulers, like <c>torch.optim.lr_scheduler.LRScheduler</c>: call
/// <see cref="Step"/> once per epoch (or per iteration) after the optimizer's step, and the scheduler sets the
/// optimizer's <see cref="Optimizer.LearningRate"/>. Constructing a scheduler performs its initial step (epoch 0).
/// </summary>
/// <remarks>
/// Rates are computed in closed form from the base rate and the epoch (PyTorch's <c>_get_closed_form_lr</c>), so
/// they never drift. The base rate is the optimizer's rate when its first scheduler was created (PyTorch's
/// <c>initial_lr</c>), so chained schedulers share it.
/// </remarks>
public abstract class LRScheduler
{
    private protected LRScheduler(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        optimizer.InitialLearningRate ??= optimizer.LearningRate;
        BaseLearningRate = optimizer.InitialLearningRate.Value;
        LastEpoch = -1;
    }

    /// <summary>The optimizer whose learning rate is scheduled.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The learning rate the schedule starts from (PyTorch's <c>base_lrs[0]</c>).</summary>
    public double BaseLearningRate { get; }

    /// <summary>The number of <see cref="Step"/> calls since construction (0 right after it), like <c>last_epoch</c>.</summary>
    public int LastEpoch { get; private protected set; }

    /// <summary>The learning rate set by the last step, like <c>get_last_lr()[0]</c>.</summary>
    public double LastLearningRate { get; private protected set; }

    /// <summary>Advances the schedule by one epoch and sets the optimizer's learning rate.</summary>
    public virtual void Step() => StepTo(LastEpoch + 1);

    /// <summary>Moves the schedule to <paramref name="epoch"/> and sets the rate from the closed form.</summary>
    internal void StepTo(int epoch)
    {
        LastEpoch = epoch;
        LastLearningRate = LearningRateAt(epoch);
        Optimizer.LearningRate = LastLearningRate;
    }

    /// <summary>Undoes the initial step's epoch count without changing the rate (SequentialLR's set-up).</summary>
    internal void Rewind() => LastEpoch--;

    /// <summary>The closed-form learning rate at <paramref name="epoch"/> (≥ 0).</summary>
    private protected abstract double LearningRateAt(int epoch);

    /// <summary>The step PyTorch's constructor performs; derived constructors call it last, once their fields are set.</summary>
    private protected void InitialStep() => StepTo(0);
}

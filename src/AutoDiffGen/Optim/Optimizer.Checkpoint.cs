using System.Globalization;

namespace AutoDiffGen;

/// <summary>Saving and restoring an optimizer as a safetensors checkpoint.</summary>
public abstract partial class Optimizer
{
    private const string Group = "param_groups.0.";

    /// <summary>
    /// Saves the optimizer to a safetensors file, as PyTorch's <c>optimizer.state_dict()</c> holds it: the state
    /// tensors under their PyTorch names (<see cref="StateDict"/>: <c>state.0.exp_avg</c>, <c>state.0.step</c>, ...),
    /// and in the file's <c>__metadata__</c> the kind (<c>optimizer</c>: <c>Adam</c>), the step count (<c>step</c>)
    /// and the parameter group (<c>param_groups.0.lr</c>, <c>param_groups.0.betas</c>, <c>param_groups.0.eps</c>,
    /// ...). The file is replaced atomically. The parameters themselves are the model's: save them with it.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SafeTensors.Save(path, StateDict(), CheckpointMetadata());
    }

    /// <summary>
    /// Restores a checkpoint written by <see cref="Save"/> into this optimizer, built over the same parameters (in
    /// the same order) with the same hyper-parameters: the state tensors, the step count, the learning rate (which
    /// schedulers change) and the scheduler's initial rate are restored, so the next steps are those the saved
    /// optimizer would have taken. Learning-rate schedulers keep their own position: step a new one to the epoch.
    /// </summary>
    /// <exception cref="CheckpointMismatchException">
    /// The file is not an optimizer checkpoint, or is one of another kind, for another number of parameters, with
    /// other hyper-parameters or with state that does not fit the parameters. Nothing is changed.
    /// </exception>
    /// <exception cref="CheckpointFormatException">The file is not a valid safetensors file.</exception>
    public void Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (tensors, metadata) = SafeTensors.LoadWithMetadata(path);
        if (!metadata.TryGetValue("optimizer", out var kind))
        {
            throw new CheckpointMismatchException($"{Name}.Load: '{path}' is not an optimizer checkpoint (its metadata has no 'optimizer' entry); write one with optimizer.Save(path).");
        }

        if (kind != Name)
        {
            throw new CheckpointMismatchException($"{Name}.Load: '{path}' holds the state of the optimizer '{kind}', not of '{Name}'; load it into a {kind} built over the same parameters.");
        }

        var problems = new List<string>();
        foreach (var (key, expected) in CheckpointMetadata())
        {
            if (key is "step" or Group + "lr" or Group + "initial_lr" or "optimizer")
            {
                continue;
            }

            var found = metadata.TryGetValue(key, out var value) ? value : "(absent)";
            if (found != expected)
            {
                problems.Add($"'{key}' is {found} in the checkpoint but {expected} here");
            }
        }

        if (problems.Count > 0)
        {
            throw new CheckpointMismatchException($"{Name}.Load: '{path}' was saved by an optimizer with other parameters or hyper-parameters: {string.Join("; ", problems)}. Build the optimizer with the checkpoint's values (over the same parameters, in the same order) and load it again.");
        }

        var lr = ReadNumber(metadata, Group + "lr", path);
        var initialLr = metadata.ContainsKey(Group + "initial_lr") ? ReadNumber(metadata, Group + "initial_lr", path) : (double?)null;
        var step = ReadStep(metadata, path);
        if (!(lr >= 0) || double.IsInfinity(lr) || initialLr is < 0 || (initialLr is { } i && !double.IsFinite(i)))
        {
            throw new CheckpointMismatchException($"{Name}.Load: '{path}' has an invalid learning rate ({metadata[Group + "lr"]}).");
        }

        if (tensors.TryGetValue("state.0.step", out var stateStep) && stateStep.NumElements == 1 && stateStep.Item<double>() != step)
        {
            throw new CheckpointMismatchException($"{Name}.Load: '{path}' is inconsistent: its metadata says step {step} but 'state.0.step' is {stateStep.Item<double>().ToString(CultureInfo.InvariantCulture)}.");
        }

        try
        {
            LoadStateDict(tensors);
        }
        catch (ArgumentException e)
        {
            throw new CheckpointMismatchException($"{Name}.Load: the state in '{path}' does not fit this optimizer: {e.Message}", e);
        }

        StepCount = step;
        LearningRate = lr;
        if (initialLr is not null)
        {
            InitialLearningRate = initialLr;
        }
    }

    /// <summary>The kind, step count and parameter group, with PyTorch's names; values formatted to round-trip.</summary>
    private Dictionary<string, string> CheckpointMetadata()
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["optimizer"] = Name,
            ["step"] = StepCount.ToString(CultureInfo.InvariantCulture),
            [Group + "lr"] = Number(LearningRate),
            [Group + "params"] = "[" + string.Join(", ", Enumerable.Range(0, _parameters.Length).Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]",
        };
        if (InitialLearningRate is { } initial)
        {
            metadata[Group + "initial_lr"] = Number(initial);
        }

        foreach (var (key, value) in HyperParameters())
        {
            metadata[Group + key] = value;
        }

        return metadata;
    }

    /// <summary>The hyper-parameters of each optimizer under <c>torch.optim</c>'s names, as Python would print them.</summary>
    private IEnumerable<(string Key, string Value)> HyperParameters() => this switch
    {
        Adam a =>
        [
            ("betas", $"({Number(a.Beta1)}, {Number(a.Beta2)})"),
            ("eps", Number(a.Eps)),
            ("weight_decay", Number(a.WeightDecay)),
            ("amsgrad", Flag(a.AmsGrad)),
            ("maximize", Flag(a.Maximize)),
        ],
        Sgd s =>
        [
            ("momentum", Number(s.Momentum)),
            ("dampening", Number(s.Dampening)),
            ("nesterov", Flag(s.Nesterov)),
            ("weight_decay", Number(s.WeightDecay)),
            ("maximize", Flag(s.Maximize)),
        ],
        RMSprop r =>
        [
            ("alpha", Number(r.Alpha)),
            ("eps", Number(r.Eps)),
            ("weight_decay", Number(r.WeightDecay)),
            ("momentum", Number(r.Momentum)),
            ("centered", Flag(r.Centered)),
            ("maximize", Flag(r.Maximize)),
        ],
        Adagrad g =>
        [
            ("lr_decay", Number(g.LrDecay)),
            ("weight_decay", Number(g.WeightDecay)),
            ("initial_accumulator_value", Number(g.InitialAccumulatorValue)),
            ("eps", Number(g.Eps)),
            ("maximize", Flag(g.Maximize)),
        ],
        _ => [],
    };

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Flag(bool value) => value ? "True" : "False";

    private double ReadNumber(IReadOnlyDictionary<string, string> metadata, string key, string path)
    {
        if (!metadata.TryGetValue(key, out var text) || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new CheckpointMismatchException($"{Name}.Load: '{path}' has no valid '{key}' in its metadata.");
        }

        return value;
    }

    private int ReadStep(IReadOnlyDictionary<string, string> metadata, string path)
    {
        if (!metadata.TryGetValue("step", out var text) || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var step))
        {
            throw new CheckpointMismatchException($"{Name}.Load: '{path}' has no valid 'step' (a non-negative integer) in its metadata.");
        }

        return step;
    }
}

using System.Globalization;

namespace AutoDiffGen;

/// <summary>Per-parameter state (momentum buffers, moment estimates) and its checkpoint form, with PyTorch's names.</summary>
public abstract partial class Optimizer
{
    // _state[i][slot]: the state tensor named StateNames[slot] of parameter i (null until the optimizer creates it).
    private readonly Tensor?[]?[] _state;

    // Per parameter: the steps that updated it (see StepOf).
    private readonly int[] _steps;

    /// <summary>The names of this configuration's state tensors, e.g. <c>exp_avg</c>, <c>exp_avg_sq</c>; the slot is the index.</summary>
    private protected abstract string[] StateNames { get; }

    /// <summary>Whether the state has a per-parameter <c>step</c> entry (all but SGD, as in PyTorch).</summary>
    private protected virtual bool HasStepState => true;

    /// <summary>
    /// The optimizer's state with PyTorch's names: <c>state.{i}.{name}</c> for parameter i, e.g.
    /// <c>state.0.exp_avg</c>, <c>state.0.exp_avg_sq</c>, <c>state.0.momentum_buffer</c>, and <c>state.0.step</c> (a
    /// 0-d float32 tensor) where the optimizer counts steps. The tensors are copies, so the checkpoint does not change
    /// when training goes on. Empty before the first step for optimizers whose state is created lazily.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var names = StateNames;
        var dict = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var i = 0; i < _parameters.Length; i++)
        {
            var slots = _state[i];
            if (slots is null)
            {
                continue;
            }

            if (HasStepState)
            {
                dict[Key(i, "step")] = Tensor.Scalar(_steps[i], DType.Float32);
            }

            for (var s = 0; s < names.Length; s++)
            {
                if (slots[s] is { } t)
                {
                    dict[Key(i, names[s])] = t.Clone();
                }
            }
        }

        return dict;
    }

    /// <summary>
    /// Restores state saved by <see cref="StateDict"/> (values are copied to the parameters' devices and dtypes).
    /// Every name must be one this optimizer uses, every tensor must have its parameter's shape, and a parameter's
    /// state must be complete; a parameter with no entries starts fresh (it was never updated), and an empty
    /// dictionary resets the state. Per-parameter <c>step</c> entries may differ (see <see cref="StepOf"/>); <see
    /// cref="StepCount"/> becomes the largest. Nothing changes when validation fails.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var names = StateNames;
        var loaded = new Tensor?[_parameters.Length][];
        var steps = new double?[_parameters.Length];
        foreach (var (key, value) in stateDict)
        {
            var (index, name) = ParseKey(key);
            if (value is null)
            {
                throw new ArgumentException($"{Name}.LoadStateDict: '{key}' is null.", nameof(stateDict));
            }

            if (name == "step" && HasStepState)
            {
                if (value.NumElements != 1)
                {
                    throw new TensorShapeException($"{Name}.LoadStateDict: '{key}' must hold one number, but has shape {value.Shape}.");
                }

                var step = value.To(Device.Cpu).Item<double>();
                if (!(step >= 0) || step != Math.Floor(step) || step > int.MaxValue)
                {
                    throw new ArgumentException($"{Name}.LoadStateDict: '{key}' is {step.ToString(CultureInfo.InvariantCulture)}, not a step count.", nameof(stateDict));
                }

                steps[index] = step;
                continue;
            }

            var slot = Array.IndexOf(names, name);
            if (slot < 0)
            {
                throw new ArgumentException($"{Name}.LoadStateDict: unknown state '{key}'; this optimizer's state per parameter is {Expected()}.", nameof(stateDict));
            }

            if (!value._shape.AsSpan().SequenceEqual(_parameters[index]._shape))
            {
                throw new TensorShapeException($"{Name}.LoadStateDict: '{key}' has shape {value.Shape} but parameter {index} has shape {_parameters[index].Shape}.");
            }

            (loaded[index] ??= new Tensor?[names.Length])[slot] = value;
        }

        var any = false;
        for (var i = 0; i < _parameters.Length; i++)
        {
            var has = loaded[i] is not null || steps[i] is not null;
            var complete = loaded[i] is { } slots ? Array.TrueForAll(slots, t => t is not null) : names.Length == 0;
            complete &= !HasStepState || steps[i] is not null;
            if (has && !complete)
            {
                throw new ArgumentException($"{Name}.LoadStateDict: the state of parameter {i} is incomplete; it needs {Expected()}.", nameof(stateDict));
            }

            any |= has;
        }

        if (!any)
        {
            Array.Clear(_state);
            Array.Clear(_steps);
            StepCount = 0;
            ResetState();
            return;
        }

        // A parameter without state in the checkpoint (never updated: a base model's gradients did not cover it)
        // starts fresh, as in PyTorch; the others take theirs (copied into the tensors this optimizer already has).
        for (var i = 0; i < _parameters.Length; i++)
        {
            if (loaded[i] is null && (!HasStepState || steps[i] is null))
            {
                _state[i] = null;
            }
        }

        ResetState();
        for (var i = 0; i < _parameters.Length; i++)
        {
            if (HasStepState)
            {
                _steps[i] = steps[i] is { } step ? (int)step : 0;
            }

            if (loaded[i] is not { } slots)
            {
                continue;
            }

            var target = _state[i] ??= new Tensor?[names.Length];
            for (var s = 0; s < names.Length; s++)
            {
                (target[s] ??= Tensor.ZerosLike(_parameters[i])).CopyFrom(slots[s]!);
            }
        }

        if (HasStepState)
        {
            StepCount = _steps.Max();
        }
    }

    /// <summary>Sets up the state a fresh optimizer starts with (Adagrad's accumulators); nothing by default.</summary>
    private protected virtual void ResetState()
    {
    }

    /// <summary>The state tensor in a slot, or null before it is created.</summary>
    private protected Tensor? GetState(int index, int slot) => _state[index]?[slot];

    /// <summary>The state tensor in a slot, created as zeros like the parameter on first use (PyTorch's lazy init).</summary>
    private protected Tensor State(int index, int slot)
    {
        var slots = _state[index] ??= new Tensor?[StateNames.Length];
        return slots[slot] ??= Tensor.ZerosLike(_parameters[index]);
    }

    private protected void SetState(int index, int slot, Tensor value) => (_state[index] ??= new Tensor?[StateNames.Length])[slot] = value;

    private static string Key(int index, string name) => string.Create(CultureInfo.InvariantCulture, $"state.{index}.{name}");

    private (int Index, string Name) ParseKey(string key)
    {
        var parts = key.Split('.');
        if (parts.Length != 3 || parts[0] != "state" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            throw new ArgumentException($"{Name}.LoadStateDict: unknown entry '{key}'; entries are named 'state.{{parameter index}}.{{name}}', e.g. 'state.0.{(StateNames.Length > 0 ? StateNames[0] : "step")}'.");
        }

        if (index >= _parameters.Length)
        {
            throw new ArgumentException($"{Name}.LoadStateDict: '{key}' is for parameter {index}, but this optimizer has {_parameters.Length} parameter(s).");
        }

        return (index, parts[2]);
    }

    private string Expected()
    {
        var all = HasStepState ? [.. StateNames, "step"] : StateNames;
        return all.Length == 0 ? "empty (this configuration keeps no state)" : string.Join(", ", all.Select(n => $"'{n}'"));
    }
}

namespace AutoDiffGen;

/// <summary>
/// The base of every module's generated <c>Gradient</c> type: one member per parameter and child module, null where
/// nothing flowed (a zero gradient). <see cref="Tensors"/> lists the gradients in the order of the module's
/// <see cref="Module.Parameters"/>, summing the gradients of a module or tensor that appears under two names and
/// filling zeros for parameters that got none, so <c>optimizer.Step(grad)</c> lines up with the parameters.
/// </summary>
public abstract class ModuleGradient : IGradient
{
    // One reusable walker per thread for AppendTensors (its dictionary is cleared after each walk).
    [ThreadStatic]
    private static Pairs? _pairs;

    // Not readonly: inside a [TrainingStep] a gradient object is reused by the next step (see Reuse).
    private Module _owner;

    protected ModuleGradient(Module owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        _owner = owner;
    }

    /// <summary>The module instance this is the gradient of.</summary>
    public Module Owner => _owner;

    /// <summary>
    /// Inside a generated <c>[TrainingStep]</c>: the gradient object of type <typeparamref name="T"/> that the
    /// previous step created at this point, now for <paramref name="owner"/> (the generated factory then sets every
    /// member); null outside a step or when the previous step created fewer, and the factory creates one and passes it
    /// to <see cref="Recorded"/>. So a step in steady state allocates no gradient objects either.
    /// </summary>
    protected static T? Reuse<T>(Module owner)
        where T : ModuleGradient
    {
        var reused = Internal.StepMemory.Current?.RentObject<T>();
        if (reused is not null)
        {
            reused._owner = owner;
        }

        return reused;
    }

    /// <summary>Records a gradient object created inside a step, so the next step reuses it; returns it.</summary>
    protected static T Recorded<T>(T gradient)
        where T : ModuleGradient
    {
        Internal.StepMemory.Current?.RecordObject(gradient);
        return gradient;
    }

    /// <summary>The gradients in parameter order (zeros for parameters that did not affect the result).</summary>
    public IReadOnlyList<Tensor> Tensors => [.. NamedTensors().Select(p => p.Value)];

    /// <summary>
    /// Appends the gradients in parameter order to <paramref name="destination"/>, as <see cref="Tensors"/> lists
    /// them, without allocating once warm (a generated training step calls it every step).
    /// </summary>
    internal void AppendTensors(List<Tensor> destination)
    {
        var pairs = _pairs ??= new Pairs();
        try
        {
            pairs.Walk(this);
            foreach (var parameter in _owner.ParameterList())
            {
                destination.Add(pairs.Sums.TryGetValue(parameter, out var g) ? g : Tensor.ZerosLike(parameter));
            }
        }
        finally
        {
            pairs.Sums.Clear();
        }
    }

    /// <summary>
    /// Whether this is the gradient of a base model whose owner is a model derived from it: a method declared on the
    /// base (a loss taking a <c>BaseNet</c>) called with a <c>DerivedNet</c>. It then holds no gradient for the derived
    /// model's own parameters, and an optimizer step leaves them as they are.
    /// </summary>
    internal bool IsOfBaseModel =>
        GetType().DeclaringType is { } model && _owner.GetType() != model && model.IsAssignableFrom(_owner.GetType());

    /// <summary>
    /// The gradients in parameter order for an optimizer step: as <see cref="Tensors"/>, except that for the gradient
    /// of a base model (<see cref="IsOfBaseModel"/>) a parameter with no gradient is null, so the optimizer skips it
    /// as PyTorch skips a parameter whose <c>grad</c> is None (no weight decay, no momentum, state unchanged).
    /// </summary>
    internal Tensor?[] StepTensors()
    {
        var pairs = new Pairs();
        pairs.Walk(this);
        var skip = IsOfBaseModel;
        var parameters = _owner.ParameterList();
        var result = new Tensor?[parameters.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = pairs.Sums.TryGetValue(parameters[i], out var g) ? g : skip ? null : Tensor.ZerosLike(parameters[i]);
        }

        return result;
    }

    /// <summary>The gradients with the dotted names of their parameters (<c>fc1.weight</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> NamedTensors()
    {
        var pairs = new Pairs();
        pairs.Walk(this);
        var result = new List<KeyValuePair<string, Tensor>>();
        foreach (var (name, parameter) in _owner.NamedParameters())
        {
            result.Add(new(name, pairs.Sums.TryGetValue(parameter, out var g) ? g : Tensor.ZerosLike(parameter)));
        }

        return result;
    }

    /// <summary>The gradient of one parameter by its dotted name (<c>fc1.weight</c>).</summary>
    /// <exception cref="KeyNotFoundException">No parameter has that name.</exception>
    public Tensor this[string name] =>
        NamedTensors().FirstOrDefault(p => p.Key == name).Value
        ?? throw new KeyNotFoundException($"{_owner.GetType().Name} has no parameter named '{name}'; its parameters are: {string.Join(", ", _owner.NamedParameters().Select(p => p.Key))}.");

    /// <summary>The sum of two gradients of the same module, when their static type is not known (generated as <c>this + other</c>).</summary>
    protected abstract ModuleGradient Add(ModuleGradient other);

    /// <summary>The member-wise sum of two gradients of the same module (null is zero).</summary>
    public static ModuleGradient? Sum(ModuleGradient? a, ModuleGradient? b) => a is null ? b : b is null ? a : a.Add(b);

    /// <summary>Reports each member's (parameter, gradient) pair to <paramref name="pairs"/> (generated).</summary>
    protected abstract void VisitPairs(Pairs pairs);

    /// <summary>The member-wise sum of two gradients of the same module (null members are zeros).</summary>
    protected static Tensor? Sum(Tensor? a, Tensor? b) => a is null ? b : b is null ? a : a + b;

    /// <summary>Sums gradients of parameters across the gradient tree, keyed by the parameter tensor.</summary>
    protected sealed class Pairs
    {
        internal Dictionary<Tensor, Tensor> Sums { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>A parameter member and its gradient (either may be null: an absent bias, a zero gradient).</summary>
        public void Tensor(Tensor? parameter, Tensor? gradient)
        {
            if (parameter is null || gradient is null)
            {
                return;
            }

            Sums[parameter] = Sums.TryGetValue(parameter, out var existing) ? existing + gradient : gradient;
        }

        /// <summary>A child module member and its gradient.</summary>
        public void Child(ModuleGradient? gradient)
        {
            if (gradient is not null)
            {
                Walk(gradient);
            }
        }

        internal void Walk(ModuleGradient gradient) => gradient.VisitPairs(this);
    }
}

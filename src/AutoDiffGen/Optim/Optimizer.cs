using System.Globalization;
using System.Numerics.Tensors;

namespace AutoDiffGen;

/// <summary>
/// The base of the optimizers (<see cref="Sgd"/>, <see cref="Adam"/>, <see cref="AdamW"/>, <see cref="RMSprop"/>,
/// <see cref="Adagrad"/>), like <c>torch.optim.Optimizer</c> with one parameter group. Gradients are passed to
/// <see cref="Step(Tensor[])"/> in parameter order (there is no <c>.grad</c> field), and parameters are updated in
/// place. Micro-batches can be summed with <see cref="Accumulate(Tensor[])"/> and applied with <see cref="Step()"/>.
/// </summary>
/// <remarks>
/// A step on contiguous CPU parameters runs one fused loop per parameter over its state and allocates nothing;
/// parameters on an OpenCL device (or non-contiguous views) are updated with tensor operations on their device.
/// </remarks>
public abstract partial class Optimizer
{
    private readonly Tensor[] _parameters;
    private Tensor[]? _accumulated;

    // After Accumulate with gradients of a base model: the parameters none of them covered (Step() skips them).
    private bool[]? _uncovered;
    private double _learningRate;

    private protected Optimizer(IEnumerable<Tensor> parameters, double learningRate, string optimizerName)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Name = optimizerName;
        _parameters = [.. parameters];
        if (_parameters.Length == 0)
        {
            throw new ArgumentException($"{optimizerName}: got an empty parameter list; pass the tensors to optimize, e.g. new {optimizerName}([w, b]) or new {optimizerName}(model.Parameters()).", nameof(parameters));
        }

        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i] ?? throw new ArgumentNullException(nameof(parameters), $"{optimizerName}: parameter {i} is null.");
            if (!p.DType.IsFloatingPoint())
            {
                throw new TensorDTypeException($"{optimizerName}: parameter {i} has dtype {p.DType}, but only floating-point tensors (Float32, Float64) can be optimized. Convert it with To(DType.Float32).");
            }

            for (var j = 0; j < i; j++)
            {
                if (ReferenceEquals(_parameters[j], p))
                {
                    throw new ArgumentException($"{optimizerName}: parameter {i} is the same tensor as parameter {j}; pass each parameter once.", nameof(parameters));
                }
            }
        }

        LearningRate = learningRate;
        _state = new Tensor?[_parameters.Length][];
        _steps = new int[_parameters.Length];
    }

    /// <summary>The tensors this optimizer updates, in the order gradients are passed.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>The learning rate used by the next step (schedulers set it). Must be finite and non-negative.</summary>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            if (!(value >= 0) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"{Name}: invalid learning rate {value.ToString(CultureInfo.InvariantCulture)}; it must be finite and >= 0.");
            }

            _learningRate = value;
        }
    }

    /// <summary>The number of steps taken (restored by <see cref="LoadStateDict"/> when the state has a <c>step</c>).</summary>
    public int StepCount { get; private set; }

    /// <summary>
    /// The number of steps that updated parameter <paramref name="index"/>: <see cref="StepCount"/>, less the steps
    /// whose gradient did not cover it (a base model's gradient stepping a derived model). Adam's bias correction and
    /// Adagrad's decay count these, as PyTorch's per-parameter <c>state['step']</c> does.
    /// </summary>
    public int StepOf(int index) => _steps[index];

    /// <summary>The number of <see cref="Accumulate(Tensor[])"/> calls since the last <see cref="Step()"/> or <see cref="ZeroAccumulated"/>.</summary>
    public int AccumulatedCount { get; private set; }

    /// <summary>The learning rate when the first scheduler was attached (PyTorch's <c>initial_lr</c>).</summary>
    internal double? InitialLearningRate { get; set; }

    private protected string Name { get; }

    /// <summary>Updates every parameter in place with its gradient (in parameter order, same shapes).</summary>
    public void Step(params Tensor[] gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        StepCore(gradients, "Step");
    }

    /// <summary>
    /// Updates every parameter in place with a model's generated gradient. The gradient of a base model whose owner
    /// is a derived model (a loss declared on the base, called with the derived model) has no gradient for the derived
    /// model's own parameters: those are skipped, as PyTorch skips a parameter whose <c>grad</c> is None.
    /// </summary>
    public void Step(IGradient gradient)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        if (gradient is ModuleGradient { IsOfBaseModel: true } ofBase)
        {
            StepCore(ofBase.StepTensors(), "Step", skipMissing: true);
            return;
        }

        StepCore(gradient.Tensors, "Step");
    }

    /// <summary>Updates every parameter with gradients a generated training step collected (no array is allocated).</summary>
    internal void StepWith(IReadOnlyList<Tensor> gradients) => StepCore(gradients, "Step");

    /// <summary>Reports the tensors that outlive a training step (parameters, state, accumulation buffers) to its memory.</summary>
    internal void VisitKept(Internal.StepArena arena)
    {
        foreach (var parameter in _parameters)
        {
            arena.Keep(parameter);
        }

        foreach (var slots in _state)
        {
            if (slots is not null)
            {
                foreach (var state in slots)
                {
                    arena.Keep(state);
                }
            }
        }

        if (_accumulated is not null)
        {
            foreach (var buffer in _accumulated)
            {
                arena.Keep(buffer);
            }
        }
    }

    /// <summary>Applies the gradients summed by <see cref="Accumulate(Tensor[])"/>, then clears them.</summary>
    /// <exception cref="InvalidOperationException">Nothing was accumulated since the last step.</exception>
    public void Step()
    {
        if (AccumulatedCount == 0 || _accumulated is null)
        {
            throw new InvalidOperationException($"{Name}.Step(): nothing has been accumulated. Call Accumulate(gradients) for each micro-batch first, or pass the gradients to Step(gradients).");
        }

        StepCore(_uncovered is null ? _accumulated : Covered(_accumulated, _uncovered), "Step", skipMissing: _uncovered is not null);
        ZeroAccumulated();
    }

    /// <summary>Adds the gradients of one micro-batch to per-parameter buffers (a sum, not a mean); <see cref="Step()"/> applies them.</summary>
    public void Accumulate(params Tensor[] gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        AccumulateCore(gradients);
    }

    /// <summary>
    /// Adds a model's generated gradient of one micro-batch to the per-parameter buffers. A parameter that no
    /// accumulated gradient covered (the derived model's own parameters, for the gradient of a base model) is skipped
    /// by the <see cref="Step()"/> that applies them, as by <see cref="Step(IGradient)"/>.
    /// </summary>
    public void Accumulate(IGradient gradient)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        if (gradient is ModuleGradient { IsOfBaseModel: true } ofBase)
        {
            AccumulateCore(ofBase.StepTensors(), skipMissing: true);
            return;
        }

        AccumulateCore(gradient.Tensors);
    }

    /// <summary>Clears the accumulated gradients (the buffers are kept for the next micro-batches).</summary>
    public void ZeroAccumulated()
    {
        if (_accumulated is not null && AccumulatedCount > 0)
        {
            foreach (var buffer in _accumulated)
            {
                buffer.ZeroInPlace();
            }
        }

        AccumulatedCount = 0;
        _uncovered = null;
    }

    /// <summary>Updates one parameter; <see cref="StepOf"/>(index) is already its new step number t (1 on its first step).</summary>
    private protected abstract void Update(int index, Tensor parameter, Tensor gradient);

    /// <summary>True when the update can run as one loop over the spans of the parameter, the gradient and the state.</summary>
    private protected static bool IsCpuContiguous(Tensor parameter) => parameter._storage is null && parameter._contiguous;

    /// <summary>The gradient as a contiguous CPU tensor (a copy only when it is a strided view).</summary>
    private protected static Tensor Dense(Tensor gradient) => gradient._contiguous ? gradient : gradient.Contiguous();

    /// <summary>Releases a device temporary unless it is one of the caller's tensors.</summary>
    private protected static void Free(Tensor temporary, Tensor original)
    {
        if (!ReferenceEquals(temporary, original))
        {
            temporary.Dispose();
        }
    }

    // The accumulated buffers with null for the parameters no accumulated gradient covered.
    private static Tensor?[] Covered(Tensor[] accumulated, bool[] uncovered)
    {
        var result = new Tensor?[accumulated.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = uncovered[i] ? null : accumulated[i];
        }

        return result;
    }

    // skipMissing: a null gradient (a parameter the gradient of a base model does not cover) leaves its parameter and
    // state as they are; otherwise every gradient must be present.
    private void StepCore(IReadOnlyList<Tensor?> gradients, string op, bool skipMissing = false)
    {
        Validate(gradients, op, skipMissing);
        StepCount++;
        for (var i = 0; i < _parameters.Length; i++)
        {
            if (gradients[i] is not { } gradient)
            {
                continue;
            }

            // A weight whose product was recorded in a FusedUpdate scope is updated by that product; its gradient
            // is then only the zero placeholder, unless the backward added other contributions to it.
            _steps[i]++;
            if (!ApplyFused(i, gradient))
            {
                Update(i, _parameters[i], gradient);
            }
        }
    }

    private void AccumulateCore(IReadOnlyList<Tensor?> gradients, bool skipMissing = false)
    {
        ThrowIfFusedPending("Accumulate");
        Validate(gradients, "Accumulate", skipMissing);
        if (_accumulated is null)
        {
            _accumulated = new Tensor[_parameters.Length];
            for (var i = 0; i < _parameters.Length; i++)
            {
                _accumulated[i] = Tensor.ZerosLike(_parameters[i]);
            }
        }

        if (skipMissing && AccumulatedCount == 0)
        {
            // Which parameters this round covers: each micro-batch's gradient of a base model covers the same ones.
            _uncovered = new bool[_parameters.Length];
        }

        for (var i = 0; i < _parameters.Length; i++)
        {
            var sum = _accumulated[i];
            if (gradients[i] is not { } g)
            {
                if (_uncovered is not null && AccumulatedCount == 0)
                {
                    _uncovered[i] = true;
                }

                continue;
            }

            if (_uncovered is not null)
            {
                _uncovered[i] = false;
            }

            if (sum._storage is null && g._contiguous)
            {
                // The buffers are contiguous tensors of their own: add without temporaries.
                if (sum._dtype == DType.Float32)
                {
                    TensorPrimitives.Add(sum.ContiguousSpan<float>(), g.ContiguousSpan<float>(), sum.ContiguousSpan<float>());
                }
                else
                {
                    TensorPrimitives.Add(sum.ContiguousSpan<double>(), g.ContiguousSpan<double>(), sum.ContiguousSpan<double>());
                }
            }
            else
            {
                sum.AddInPlace(g);
            }
        }

        AccumulatedCount++;
    }

    /// <summary>Checks every gradient before any parameter changes, so a bad call leaves the optimizer as it was.</summary>
    private void Validate(IReadOnlyList<Tensor?> gradients, string op, bool skipMissing = false)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.Count != _parameters.Length)
        {
            throw new ArgumentException($"{Name}.{op}: got {gradients.Count} gradient(s) for {_parameters.Length} parameter(s); pass one gradient per parameter, in parameter order.", nameof(gradients));
        }

        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (skipMissing && gradients[i] is null)
            {
                continue;
            }

            var g = gradients[i] ?? throw new ArgumentNullException(nameof(gradients), $"{Name}.{op}: gradient {i} is null.");
            if (!g._shape.AsSpan().SequenceEqual(p._shape))
            {
                throw new TensorShapeException($"{Name}.{op}: gradient {i} has shape {g.Shape} but parameter {i} has shape {p.Shape}; gradients must be passed in parameter order with the parameters' shapes.");
            }

            if (g._dtype != p._dtype)
            {
                throw new TensorDTypeException($"{Name}.{op}: gradient {i} has dtype {g.DType} but parameter {i} has dtype {p.DType}; convert the gradient with To(DType.{p.DType}).");
            }

            if (g.Device != p.Device)
            {
                throw new TensorDeviceException($"{Name}.{op}: gradient {i} is on {g.Device} but parameter {i} is on {p.Device}; move the gradient with To(device).");
            }
        }
    }
}

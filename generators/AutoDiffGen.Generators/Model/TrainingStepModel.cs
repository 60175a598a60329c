namespace AutoDiffGen.Generators.Model;

/// <summary>
/// A parameter of a [TrainingStep] method as generated code writes it: its declared type (with nullable
/// annotations) and name.
/// </summary>
internal sealed record StepParameter(string Type, string Name);

/// <summary>
/// A gradient the loss returns: the loss parameter it belongs to, whether it is a model's (expanded to its tensors),
/// and the step's argument passed for it (a model whose buffers the step's memory must keep).
/// </summary>
internal sealed record StepGradient(string Name, bool IsModel, string Argument);

/// <summary>
/// Everything the emitter needs for one [TrainingStep] method; <see cref="Problem"/> is set (and nothing is
/// emitted) when the declaration does not match its loss, which the analyzer reports as ADG0013.
/// </summary>
internal sealed record TrainingStepModel(
    string? Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string Modifiers,
    string ReturnType,
    string Name,
    EquatableArray<StepParameter> Parameters,
    string LossCall,
    string LossDisplay,
    EquatableArray<string> LossArguments,
    string Optimizer,
    EquatableArray<StepGradient> Gradients,
    bool ReturnsLoss,
    string HintName,
    string? Problem,
    DiagnosticModel? Failure = null);

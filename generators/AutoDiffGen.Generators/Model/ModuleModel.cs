namespace AutoDiffGen.Generators.Model;

// Pipeline model of a model type (a partial class deriving from AutoDiffGen.Module): strings and EquatableArrays
// only, so an edit elsewhere leaves its generated members cached.

/// <summary>What a member of a model is to the generated code.</summary>
internal enum ModuleMemberKind
{
    /// <summary>A [Parameter] tensor: trained, in Parameters(), a tensor member of the gradient.</summary>
    Parameter,

    /// <summary>A [Buffer] tensor: saved with the model, no gradient.</summary>
    Buffer,

    /// <summary>A child model: its parameters are listed under its name, its gradient is a member of the gradient.</summary>
    Child,
}

/// <summary>
/// A member of a model: its C# name, its PyTorch-style name (snake_case, <c>RunningMean</c> → <c>running_mean</c>),
/// and for a child its type (fully qualified), whose generated <c>Gradient</c> is the gradient's member type.
/// </summary>
internal sealed record ModuleMember(string Name, string StateName, ModuleMemberKind Kind, string TypeName);

/// <summary>
/// A model class this model derives from that has a generated <c>Gradient</c> too: its type (fully qualified) and
/// the names of its gradient's members (its parameters and children, its own bases' first). A differentiable method
/// of the base returns the base's gradient; the derived gradient's <c>From</c> lifts it, member by member.
/// </summary>
internal sealed record BaseModule(string TypeName, EquatableArray<string> Members);

/// <summary>
/// A model type: its namespace, the chain of declarations from the outermost type down to the model itself, its
/// members in declaration order (base classes' first), and its base models nearest first.
/// </summary>
internal sealed record ModuleModel(
    string? Namespace,
    EquatableArray<ContainingType> Types,
    string TypeName,
    EquatableArray<ModuleMember> Members,
    bool HidesBaseGradient,
    string HintName,
    DiagnosticModel? Failure = null,
    EquatableArray<BaseModule> Bases = default);

namespace AutoDiffGen.Generators.Model;

// Pipeline models: records of strings, numbers and EquatableArrays only (no symbols, syntax or locations), so an
// edit that does not change a method's model leaves every later step cached.

/// <summary>A type that encloses the method, outermost first: its declaration keyword and name with type parameters.</summary>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>
/// A parameter of the [Differentiable] method. <see cref="DeclaredType"/> keeps its nullable annotation
/// (<c>Tensor?</c>) for the generated signatures; <see cref="Type"/> is the plain type used for values and gradients.
/// <see cref="IsReceiver"/> marks the implicit <c>this</c> of an instance method of a module (named <c>self</c> in
/// generated code, first among the gradients); it is not in the generated signatures.
/// </summary>
internal sealed record ParameterModel(string Name, string Type, ValueKind Kind, bool Differentiable, string? DeclaredType = null, bool IsReceiver = false);

/// <summary>
/// One SSA value of the forward program. <see cref="Template"/> is the C# that computes it, with {0}, {1}, … standing
/// for the values in <see cref="Args"/>. A <see cref="OpKind.Call"/> names the original operation by
/// <see cref="OriginalKey"/> (e.g. <c>System.Math.Pow(double,double)</c>), which the emitter resolves to a
/// [DerivativeOf] rule. <see cref="Name"/> is the variable that holds the value in generated code. A read of a
/// module's parameter or child (<c>model.Fc1</c>, <c>Weight</c>) is a call with <see cref="Member"/> set and no key:
/// its adjoint becomes that member of the receiver's gradient. A <see cref="OpKind.Constant"/>'s template is its
/// finished C# (no placeholders): its <see cref="Args"/> are the values that text reads by name, so every pass that
/// follows uses (fusion keeping a value materialized, the values a pullback saves) sees those reads too.
/// </summary>
internal sealed record Op(
    OpKind Kind,
    ValueKind Type,
    string TypeName,
    string Template,
    EquatableArray<int> Args,
    string? OriginalKey,
    string Name,
    string Source,
    LocationModel? Location,
    CalleeModel? Callee = null,
    string? Member = null)
{
    /// <summary>
    /// A statement kept for its effect (a call like <c>Debug.Assert(…)</c>, a mutation of constant data): a constant
    /// of type void, emitted as <c>Template;</c> in its place among the values. Args are the values it reads, so no
    /// rewrite (fusion) removes a variable it names.
    /// </summary>
    public bool IsStatement => Kind == OpKind.Constant && TypeName == "void";
}

/// <summary>
/// A call to another [Differentiable] method: its generated WithPullback is called in the forward pass and the
/// pullback in the reverse pass. <see cref="DifferentiableArgs"/> says which arguments get an adjoint back;
/// <see cref="ModelArgs"/> names, per argument, the model type the callee declares it as (empty for other values):
/// a model passed where its base model is expected gets the base's gradient back, which is lifted to its own.
/// <see cref="Key"/> is the callee's method key (<see cref="MethodModel.Key"/>), to find the call when the callee fails.
/// </summary>
internal sealed record CalleeModel(string Method, string PullbackType, EquatableArray<bool> DifferentiableArgs, EquatableArray<string> ModelArgs = default, string Key = "");

/// <summary>The kinds of forward values.</summary>
internal enum OpKind
{
    /// <summary>A parameter of the method.</summary>
    Parameter,

    /// <summary>A value that does not depend on differentiable inputs (literals, constants, [NoDiff] data).</summary>
    Constant,

    /// <summary>An operation with a derivative rule, or a call to another [Differentiable] method.</summary>
    Call,

    /// <summary>A tensor array built from differentiable tensors (<c>[a, b]</c>); its adjoint is split back to them.</summary>
    Pack,

    /// <summary>A value that comes from whichever branch of an if ran: Args[0] from the true branch, Args[1] from the false one.</summary>
    Phi,
}

/// <summary>The kinds of entries of a structured body.</summary>
internal enum ItemKind
{
    /// <summary>Compute one value (<see cref="Item.Op"/>).</summary>
    Op,

    /// <summary>Branch on the bool value <see cref="Item.Op"/>; <see cref="Item.Phis"/> merge the branches' values.</summary>
    If,

    /// <summary>
    /// A loop: each iteration runs <see cref="Item.Then"/> (which computes the bool <see cref="Item.Op"/>), stops
    /// when it is false, else runs <see cref="Item.Else"/>. <see cref="Item.Phis"/> are the loop-carried values:
    /// Args[0] on entry, Args[1] at the end of an iteration.
    /// </summary>
    Loop,
}

/// <summary>
/// One entry of the method body in execution order: a value, or an if with its two branches. The reverse pass
/// walks the same structure backwards, taking the branch the forward pass took.
/// </summary>
internal sealed record Item(ItemKind Kind, int Op, EquatableArray<Item> Then, EquatableArray<Item> Else, EquatableArray<int> Phis)
{
    public static Item Value(int op) => new(ItemKind.Op, op, EquatableArray<Item>.Empty, EquatableArray<Item>.Empty, EquatableArray<int>.Empty);
}

/// <summary>A source location as plain data (file, span, line/column), so models keep value equality.</summary>
internal sealed record LocationModel(string FilePath, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn);

/// <summary>A diagnostic found while parsing or emitting.</summary>
internal sealed record DiagnosticModel(string Id, EquatableArray<string> Arguments, LocationModel? Location);

/// <summary>Everything the emitter needs for one [Differentiable] method.</summary>
internal sealed record MethodModel(
    string? Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string Name,
    string Accessibility,
    bool IsStatic,
    EquatableArray<ParameterModel> Parameters,
    string ReturnType,
    ValueKind ReturnKind,
    EquatableArray<Op> Ops,
    EquatableArray<Item> Body,
    int Result,
    string FilePath,
    string HintName,
    EquatableArray<DiagnosticModel> Diagnostics,
    bool IsRecursive = false,
    EquatableArray<string> DifferentiableCallees = default,
    string Key = "",
    bool Fuse = true,
    bool IsLayer = false,
    bool NewMethods = false,
    bool NewPullbackType = false);

namespace AutoDiffGen;

/// <summary>
/// Registers the static method it is placed on as the derivative rule (a vector-Jacobian product) of another
/// method: <c>[DerivativeOf(typeof(Math), nameof(Math.Sin))]</c>. Every op of the runtime, including
/// <see cref="Math"/> and <see cref="MathF"/> functions and the arithmetic operators of <see cref="double"/> and
/// <see cref="float"/> (named <c>op_Addition</c>, <c>op_Multiply</c>, …), gets its derivative this way; the
/// generator has no built-in table. Users register rules for their own functions the same way.
/// </summary>
/// <remarks>
/// A rule's parameters are the original's parameters in order (for an instance method the receiver comes first),
/// then the original's result, then the adjoint of that result. It returns the adjoints of the original's
/// differentiable parameters in order: one value, or a tuple when there are several. Parameters of integer or bool
/// type, and parameters marked <see cref="NoDiffAttribute"/> on the rule, get no adjoint. Example:
/// <code>
/// [DerivativeOf(typeof(Math), nameof(Math.Pow))]
/// public static (double X, double Y) Pow(double x, double y, double result, double adjoint) =&gt;
///     (adjoint * y * Math.Pow(x, y - 1), adjoint * result * Math.Log(x));
/// </code>
/// The parameter types select the overload of the original.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class DerivativeOfAttribute : Attribute
{
    public DerivativeOfAttribute(Type type, string methodName)
    {
        Type = type;
        MethodName = methodName;
    }

    /// <summary>The type that declares the original method.</summary>
    public Type Type { get; }

    /// <summary>The original method's name (<c>nameof(T.M)</c>, or <c>op_Addition</c>-style for operators).</summary>
    public string MethodName { get; }

    /// <summary>
    /// When set, this rule returns the adjoint of that one argument only (by position, the receiver of an instance
    /// method being 0). Generated code prefers such rules when some arguments need no adjoint (a [NoDiff] data
    /// operand of MatMul, say), so no work is spent on gradients that would be thrown away. A rule for all
    /// arguments (the default, -1) must exist as well.
    /// </summary>
    public int Argument { get; set; } = -1;

    /// <summary>
    /// Marks a rule that is zero by nature (Floor, Round, ArgMax, comparisons): the gradient stops at the original,
    /// and the analyzers warn (ADG0005) where a differentiable value flows into it without <c>Detach()</c>.
    /// </summary>
    public bool StopsGradient { get; set; }

    /// <summary>
    /// Marks an original that reads only the shape, dtype and device of its tensor arguments, never their values
    /// (<c>ZerosLike</c>, <c>OnesLike</c>, <c>RandLike</c>): its result is a constant with respect to them, as in
    /// PyTorch (<c>torch.zeros_like(x)</c> does not require grad). The generator treats the call as a constant, so no
    /// adjoint flows into its arguments and the rule is never called; unlike <see cref="StopsGradient"/> there is no
    /// warning, since no derivative of a value is being dropped. The rule returns zeros shaped like the arguments.
    /// </summary>
    public bool ShapeOnly { get; set; }

    /// <summary>
    /// For an original that returns a tuple (<c>Max(dim)</c> returns <c>(Values, Indices)</c>), the name of the
    /// element this rule is for: the rule differentiates reading that element (<c>x.Max(1).Values</c>), its result and
    /// adjoint parameters have the element's type, and the element's own rule is looked up for each read.
    /// </summary>
    public string? Element { get; set; }

    /// <summary>
    /// For an elementwise tensor operation, the scalar function it maps over the elements (<c>add</c>, <c>sub</c>,
    /// <c>mul</c>, <c>div</c>, <c>neg</c>, <c>exp</c>, <c>log</c>, <c>tanh</c>, <c>sigmoid</c>, <c>relu</c>, <c>sqrt</c>,
    /// <c>square</c>, <c>sin</c>, <c>cos</c>, <c>abs</c>, <c>reciprocal</c>, <c>pow</c>), or for a reduction of all
    /// elements, <c>sum</c> or <c>mean</c> (fused as the end of a chain). The generator fuses chains
    /// of such operations into one forward and one backward loop (and OpenCL kernel), differentiating the scalar
    /// functions itself; the rule is still used where an operation is not fused.
    /// </summary>
    public string? Elementwise { get; set; }
}

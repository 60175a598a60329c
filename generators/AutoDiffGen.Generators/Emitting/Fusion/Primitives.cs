namespace AutoDiffGen.Generators.Emitting.Fusion;

/// <summary>
/// The scalar primitives an elementwise tensor op can map (named by <c>[DerivativeOf(..., Elementwise = "…")]</c> in
/// the runtime), their forward expressions and their partial derivatives. This is the fused loops' own scalar AD:
/// the backward of a map is the map of the scalar derivative.
/// </summary>
internal static class Primitives
{
    /// <summary>Whether the emitter knows the primitive (and how many operands it takes).</summary>
    public static int? Arity(string primitive) => primitive switch
    {
        "add" or "sub" or "mul" or "div" or "pow" => 2,
        "neg" or "exp" or "log" or "tanh" or "sigmoid" or "relu" or "sqrt" or "square" or "sin" or "cos" or "abs" or "reciprocal" => 1,
        _ => null,
    };

    public static Expr Forward(string primitive, Expr[] x) => primitive switch
    {
        "add" => x[0] + x[1],
        "sub" => x[0] - x[1],
        "mul" => x[0] * x[1],
        "div" => x[0] / x[1],
        "neg" => -x[0],
        "square" => x[0] * x[0],
        "reciprocal" => Expr.Of(1) / x[0],
        "pow" => x[1] is Constant { Value: 2 } ? x[0] * x[0] : x[1] is Constant { Value: 1 } ? x[0] : x[1] is Constant { Value: 0.5 } ? Expr.Call("Sqrt", x[0]) : Expr.Call("Pow", x[0], x[1]),
        "exp" => Expr.Call("Exp", x[0]),
        "log" => Expr.Call("Log", x[0]),
        "tanh" => Expr.Call("Tanh", x[0]),
        "sigmoid" => Expr.Call("Sigmoid", x[0]),
        "relu" => Expr.Call("Relu", x[0]),
        "sqrt" => Expr.Call("Sqrt", x[0]),
        "sin" => Expr.Call("Sin", x[0]),
        "cos" => Expr.Call("Cos", x[0]),
        "abs" => Expr.Call("Abs", x[0]),
        _ => throw new ArgumentException("unknown elementwise primitive '" + primitive + "'", nameof(primitive)),
    };

    /// <summary>The adjoint of operand <paramref name="k"/>, given the operands, the result y and its adjoint d.</summary>
    public static Expr Adjoint(string primitive, int k, Expr[] x, Expr y, Expr d) => (primitive, k) switch
    {
        ("add", _) => d,
        ("sub", 0) => d,
        ("sub", 1) => -d,
        ("mul", 0) => d * x[1],
        ("mul", 1) => d * x[0],
        ("div", 0) => d / x[1],
        ("div", 1) => -(d * y / x[1]),
        ("neg", _) => -d,
        ("square", _) => d * Expr.Of(2) * x[0],
        ("reciprocal", _) => -(d * y * y),
        ("pow", 0) => x[1] is Constant { Value: var c }
            ? (c == 2 ? d * Expr.Of(2) * x[0] : c == 1 ? d : c == 0.5 ? d * Expr.Of(0.5) / y : d * Expr.Of(c) * Expr.Call("Pow", x[0], Expr.Of(c - 1)))
            : d * x[1] * Expr.Call("Pow", x[0], x[1] - Expr.Of(1)),
        ("pow", 1) => d * y * Expr.Call("Log", x[0]),
        ("exp", _) => d * y,
        ("log", _) => d / x[0],
        ("tanh", _) => d * (Expr.Of(1) - (y * y)),
        ("sigmoid", _) => d * y * (Expr.Of(1) - y),
        ("relu", _) => Expr.Call("ReluGrad", x[0], d),
        ("sqrt", _) => d * Expr.Of(0.5) / y,
        ("sin", _) => d * Expr.Call("Cos", x[0]),
        ("cos", _) => -(d * Expr.Call("Sin", x[0])),
        ("abs", _) => d * Expr.Call("Sign", x[0]),
        _ => throw new ArgumentException("no derivative for operand " + k + " of '" + primitive + "'", nameof(primitive)),
    };
}

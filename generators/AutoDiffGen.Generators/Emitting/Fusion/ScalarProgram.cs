using System.Globalization;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Emitting.Fusion;

/// <summary>A scalar expression of a fused loop, rendered to C# (vector or scalar lanes) and to OpenCL C.</summary>
internal abstract record Expr
{
    public static Expr operator +(Expr a, Expr b) => new Binary('+', a, b);

    public static Expr operator -(Expr a, Expr b) => new Binary('-', a, b);

    public static Expr operator *(Expr a, Expr b) => new Binary('*', a, b);

    public static Expr operator /(Expr a, Expr b) => new Binary('/', a, b);

    public static Expr operator -(Expr a) => new Negate(a);

    public static Expr Of(double value) => new Constant(value);

    public static Expr Call(string function, params Expr[] args) => new Function(function, new EquatableArray<Expr>(args));
}

/// <summary>A named value: an operand, a recomputed intermediate or an adjoint.</summary>
internal sealed record Var(string Name) : Expr;

internal sealed record Constant(double Value) : Expr
{
    public string Text => Value.ToString("R", CultureInfo.InvariantCulture);
}

internal sealed record Binary(char Operator, Expr Left, Expr Right) : Expr;

internal sealed record Negate(Expr Operand) : Expr;

/// <summary>A primitive function (<c>Exp</c>, <c>Tanh</c>, <c>ReluGrad</c>, …) of FusedMath / OpenCL C.</summary>
internal sealed record Function(string Name, EquatableArray<Expr> Args) : Expr;

/// <summary>One assignment of a fused loop body: <c>Name = Value</c>, with the source it came from.</summary>
internal sealed record Assignment(string Name, Expr Value, string Comment);

/// <summary>
/// The scalar program of a fused region: the forward assignments (one per fused op, in order), and the backward
/// assignments that compute each differentiable operand's adjoint from the output's adjoint <c>dy</c>. The backward
/// is derived here by reverse-mode AD over the scalar primitives, recomputing the forward values it reads.
/// </summary>
internal sealed class ScalarProgram
{
    public ScalarProgram(IReadOnlyList<Assignment> forward, IReadOnlyList<Assignment> backward, string output, IReadOnlyList<string?> operandAdjoints)
    {
        Forward = forward;
        Backward = backward;
        Output = output;
        OperandAdjoints = operandAdjoints;
    }

    /// <summary>Forward assignments; operands are named <c>a0</c>, <c>a1</c>, …, intermediates <c>t0</c>, <c>t1</c>, ….</summary>
    public IReadOnlyList<Assignment> Forward { get; }

    /// <summary>Backward assignments after the forward ones, reading <c>dy</c>.</summary>
    public IReadOnlyList<Assignment> Backward { get; }

    /// <summary>The forward variable holding the region's result.</summary>
    public string Output { get; }

    /// <summary>For each operand, the backward variable holding its adjoint, or null when it gets none.</summary>
    public IReadOnlyList<string?> OperandAdjoints { get; }

    /// <summary>
    /// Builds the program. <paramref name="instructions"/> are the fused ops in order: a primitive and its operands
    /// (operand k as <c>-1 - k</c>, an earlier instruction j as <c>j</c>); <paramref name="needsAdjoint"/> says which
    /// operands are differentiable.
    /// </summary>
    public static ScalarProgram Build(IReadOnlyList<(string Primitive, int[] Args, string Comment)> instructions, IReadOnlyList<bool> needsAdjoint, IReadOnlyDictionary<int, double>? constants = null)
    {
        constants ??= new Dictionary<int, double>();
        string Name(int arg) => arg < 0 ? "a" + (-1 - arg).ToString(CultureInfo.InvariantCulture) : "t" + arg.ToString(CultureInfo.InvariantCulture);
        Expr Operand(int arg) => arg < 0 && constants.TryGetValue(-1 - arg, out var value) ? Expr.Of(value) : new Var(Name(arg));

        var forward = new List<Assignment>();
        for (var j = 0; j < instructions.Count; j++)
        {
            var (primitive, args, comment) = instructions[j];
            forward.Add(new Assignment(Name(j), Primitives.Forward(primitive, args.Select(Operand).ToArray()), comment));
        }

        // Which instructions depend on a differentiable operand: only they pass adjoints back.
        var active = new bool[instructions.Count];
        bool IsActive(int arg) => arg < 0 ? needsAdjoint[-1 - arg] : active[arg];
        for (var j = 0; j < instructions.Count; j++)
        {
            active[j] = instructions[j].Args.Any(IsActive);
        }

        var backward = new List<Assignment>();
        var adjoint = new Dictionary<int, string> { [instructions.Count - 1] = "dy" };
        var operandAdjoints = new string?[needsAdjoint.Count];
        for (var j = instructions.Count - 1; j >= 0; j--)
        {
            if (!active[j] || !adjoint.TryGetValue(j, out var dj))
            {
                continue;
            }

            var (primitive, args, comment) = instructions[j];
            var operands = args.Select(Operand).ToArray();
            for (var k = 0; k < args.Length; k++)
            {
                var arg = args[k];
                if (!IsActive(arg))
                {
                    continue;
                }

                var contribution = Primitives.Adjoint(primitive, k, operands, new Var(Name(j)), new Var(dj));
                var existing = arg < 0 ? operandAdjoints[-1 - arg] : adjoint.TryGetValue(arg, out var e) ? e : null;
                var name = "d" + Name(arg) + "_" + backward.Count.ToString(CultureInfo.InvariantCulture);
                backward.Add(new Assignment(name, existing is null ? contribution : new Var(existing) + contribution, "adjoint of " + comment));
                if (arg < 0)
                {
                    operandAdjoints[-1 - arg] = name;
                }
                else
                {
                    adjoint[arg] = name;
                }
            }
        }

        // The backward loop recomputes only the forward values its adjoints read.
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in backward)
        {
            Collect(a.Value, live);
        }

        for (var j = forward.Count - 1; j >= 0; j--)
        {
            if (live.Contains(forward[j].Name))
            {
                Collect(forward[j].Value, live);
            }
        }

        return new ScalarProgram(forward, backward, Name(instructions.Count - 1), operandAdjoints)
        {
            Recomputed = forward.Where(a => live.Contains(a.Name)).ToList(),
            ConstantOperands = new HashSet<int>(constants.Keys),
        };
    }

    /// <summary>Operands that are literals, inlined into the expressions (the loops do not read them).</summary>
    public HashSet<int> ConstantOperands { get; private init; } = new();

    /// <summary>The forward assignments the backward loop needs (the others are not recomputed).</summary>
    public IReadOnlyList<Assignment> Recomputed { get; private init; } = Array.Empty<Assignment>();

    private static void Collect(Expr e, HashSet<string> names)
    {
        switch (e)
        {
            case Var v:
                names.Add(v.Name);
                break;
            case Binary b:
                Collect(b.Left, names);
                Collect(b.Right, names);
                break;
            case Negate n:
                Collect(n.Operand, names);
                break;
            case Function f:
                foreach (var arg in f.Args)
                {
                    Collect(arg, names);
                }

                break;
        }
    }
}

using System.Globalization;
using System.Text;

namespace AutoDiffGen.UserLayout.Tests.Fuzz;

/// <summary>
/// Writes one random method over <c>double</c> or <c>float</c>. The same seed gives the same program in both
/// flavours, so a float method's finite-difference reference is its double twin (a plain method, not generated code).
/// </summary>
internal sealed partial class ScalarWriter
{
    private readonly Random _rng;
    private readonly Feature _features;
    private readonly bool _isFloat;
    private readonly string _name;
    private readonly int _paramCount;
    private readonly IReadOnlyList<(string Name, int Params)> _callees;
    private readonly bool _recursive;
    private readonly string _refSuffix;
    private readonly StringBuilder _sb = new();
    private readonly List<string> _locals = [];
    private int _nextLocal;
    private int _nextLoop;
    private int _indent = 2;

    public ScalarWriter(int seed, Feature features, bool isFloat, bool reference, string name, int paramCount, IReadOnlyList<(string Name, int Params)> callees, bool recursive)
    {
        _rng = new Random(seed);
        _features = features;
        _isFloat = isFloat;
        _name = name;
        _paramCount = paramCount;
        _callees = callees;
        _recursive = recursive;
        _refSuffix = reference && isFloat ? "_Ref" : "";
        _isFloat = isFloat && !reference;
    }

    private string T => _isFloat ? "float" : "double";

    private string M => _isFloat ? "MathF" : "Math";

    private bool Has(Feature f) => (_features & f) == f;

    private string Lit(double value)
    {
        var text = value.ToString("0.0##", CultureInfo.InvariantCulture);
        return _isFloat ? text + "F" : text;
    }

    /// <summary>The method's source: [Differentiable] (unless it is the double twin of a float method).</summary>
    public string Write()
    {
        var parameters = string.Join(", ", Enumerable.Range(0, _paramCount).Select(i => $"{T} x{i}")) + ", int n";
        var attribute = _refSuffix.Length == 0 ? "[Differentiable]\n    " : "";
        _sb.Append(CultureInfo.InvariantCulture, $"    {attribute}public static {T} {_name}{_refSuffix}({parameters})\n    {{\n");
        _locals.AddRange(Enumerable.Range(0, _paramCount).Select(i => $"x{i}"));
        if (_recursive)
        {
            Line($"if (n <= 0) {{ return {Expr(2, false, false)}; }}");
        }

        var statements = _rng.Next(1, 6);
        for (var s = 0; s < statements; s++)
        {
            Statement(depth: 0, inLoop: null);
        }

        Line(FinalReturn());
        _sb.Append("    }\n");
        return _sb.ToString();
    }

    private void Line(string text) => _sb.Append(' ', _indent * 4).Append(text).Append('\n');

    private string NewLocal() => $"v{_nextLocal++}";

    private string AnyLocal() => _locals[_rng.Next(_locals.Count)];

    /// <summary>A local declared by this method (parameters are not reassigned).</summary>
    private string? Assignable()
    {
        var own = _locals.Where(l => l.StartsWith('v')).ToList();
        return own.Count == 0 ? null : own[_rng.Next(own.Count)];
    }

    private void Statement(int depth, string? inLoop)
    {
        var roll = _rng.Next(100);
        var target = Assignable();
        if (depth == 0 && (roll < 25 || target is null))
        {
            var local = NewLocal();
            Line($"{T} {local} = {Expr(3, _recursive, true)};");
            _locals.Add(local);
            return;
        }

        if (target is null)
        {
            // Nested blocks: a block-local value, out of scope afterwards.
            Line($"{T} {NewLocal()} = {Expr(2, _recursive, true)};");
            return;
        }

        if (Issue22Statement(depth, inLoop, target))
        {
            return;
        }

        if (roll < 45)
        {
            Line($"{target} = {Expr(3, _recursive, true)};");
            return;
        }

        if (roll < 55 && Has(Feature.Compound))
        {
            var op = _rng.Next(3) switch { 0 => "+=", 1 => "-=", _ => "*=" };
            Line($"{target} {op} {(op == "*=" ? Bounded(2) : Expr(2, _recursive, true))};");
            return;
        }

        if (roll < 63 && Has(Feature.IfElse) && depth < 2)
        {
            Line($"if ({Condition(inLoop)})");
            Block(depth, inLoop);
            if (_rng.Next(2) == 0)
            {
                Line("else");
                Block(depth, inLoop);
            }

            return;
        }

        if (roll < 73 && depth < 2 && (Has(Feature.For) || Has(Feature.While)))
        {
            Loop(depth, target);
            return;
        }

        if (roll < 79 && Has(Feature.Switch) && depth < 2)
        {
            Line("switch (n % 3)");
            Line("{");
            _indent++;
            foreach (var label in new[] { "case 0:", "case 1:", "default:" })
            {
                Line(label);
                _indent++;
                if (_rng.Next(3) != 0)
                {
                    Line($"{target} = {Expr(2, _recursive, true)};");
                }

                Line("break;");
                _indent--;
            }

            _indent--;
            Line("}");
            return;
        }

        if (roll < 84 && Has(Feature.WhenGuards) && depth < 2)
        {
            Line("switch (n)");
            Line("{");
            Line($"    case int k when k > 1: {target} = {Expr(2, false, true)}; break;");
            Line($"    default: {target} = {Expr(1, false, true)}; break;");
            Line("}");
            return;
        }

        if (roll < 89 && Has(Feature.EarlyReturn) && inLoop is null && (depth == 0 || Has(Feature.NestedReturn)))
        {
            Line($"if ({Condition(null)}) {{ return {Expr(2, _recursive, true)}; }}");
            return;
        }

        if (roll < 92 && Has(Feature.IncDec))
        {
            Line(_rng.Next(2) == 0 ? $"{target}++;" : $"--{target};");
            return;
        }

        if (roll < 94 && Has(Feature.DeadValues) && inLoop is null)
        {
            // A NaN (the square root of a negative number) that reaches the result only when n > 1: on the
            // other path it is dead and must contribute nothing to the gradient.
            var w = NewLocal();
            Line($"{T} {w} = {M}.Sqrt({AnyLocal()} - {Lit(0.5)});");
            Line($"if (n > 1) {{ {target} = {target} + {w}; }}");
            return;
        }

        if (roll < 96 && Has(Feature.DeadValues) && depth == 0 && inLoop is null && Has(Feature.EarlyReturn) && Has(Feature.For))
        {
            // Issue 15, item 4: z overflows on long loops but does not reach the result when the early return is taken.
            var z = NewLocal();
            Line($"{T} {z} = {AnyLocal()};");
            Line($"for (var k{_nextLoop} = 0; k{_nextLoop} < n * 3; k{_nextLoop}++) {{ {z} = {z} * {z}; }}");
            _nextLoop++;
            Line($"if ({AnyLocal()} > {Lit(-0.5)}) {{ return {Expr(1, false, true)}; }}");
            Line($"{target} = {target} + {z} * {Lit(0.001)};");
            _locals.Add(z);
            return;
        }

        Line($"{target} = {Bounded(2)};");
    }

    private void Block(int depth, string? inLoop)
    {
        Line("{");
        _indent++;
        var count = _rng.Next(1, 3);
        for (var i = 0; i < count; i++)
        {
            Statement(depth + 1, inLoop);
        }

        if (inLoop is not null && Has(Feature.NestedBreak) && depth >= 1 && _rng.Next(3) == 0)
        {
            Line(_rng.Next(2) == 0 ? "break;" : "continue;");
        }

        if (inLoop is not null && Has(Feature.ReturnInLoop) && _rng.Next(3) == 0)
        {
            Line($"return {Expr(1, false, true)};");
        }

        _indent--;
        Line("}");
    }

    private void Loop(int depth, string target)
    {
        var i = $"i{_nextLoop++}";
        var bound = _rng.Next(3) switch { 0 => "n", 1 => "n + 1", _ => "3" };
        var useWhile = Has(Feature.While) && (!Has(Feature.For) || _rng.Next(2) == 0);
        var isDo = useWhile && _rng.Next(2) == 0;
        if (isDo)
        {
            Line($"var {i} = 0;");
            Line($"do");
        }
        else if (useWhile)
        {
            Line($"var {i} = 0;");
            Line($"while ({i} < {bound})");
        }
        else
        {
            Line($"for (var {i} = 0; {i} < {bound}; {i}++)");
        }

        Line("{");
        _indent++;
        if (useWhile)
        {
            // The counter moves first, so continue cannot skip it.
            Line($"{i}++;");
        }

        if (Has(Feature.BreakContinue) && _rng.Next(3) == 0)
        {
            Line($"if ({Condition(i)}) {{ {(_rng.Next(2) == 0 ? "break" : "continue")}; }}");
        }

        // A contracting update keeps long loops finite.
        Line($"{target} = {M}.Tanh({Expr(2, _recursive, true)}) + {target} * {Lit(0.5)};");
        var more = _rng.Next(0, 2);
        for (var s = 0; s < more; s++)
        {
            Statement(depth + 1, i);
        }

        _indent--;
        Line(isDo ? $"}} while ({i} < {bound});" : "}");
    }

    private string Condition(string? loopVar)
    {
        var roll = _rng.Next(10);
        if (roll < 4 && Has(Feature.ValueConditions))
        {
            return $"{AnyLocal()} > {Lit(Math.Round((_rng.NextDouble() * 2) - 1, 2))}";
        }

        if (roll < 6 && loopVar is not null)
        {
            return _rng.Next(2) == 0 ? $"{loopVar} % 2 == 0" : $"{loopVar} > 1";
        }

        return _rng.Next(3) switch { 0 => "n > 1", 1 => "n % 2 == 0", _ => "n < 3" };
    }

    /// <summary>An expression that stays in [-2, 2] whatever its operands.</summary>
    private string Bounded(int depth) => _rng.Next(3) switch
    {
        0 => $"{M}.Tanh({Expr(depth, _recursive, true)})",
        1 => $"{M}.Sin({Expr(depth, _recursive, true)})",
        _ => $"{M}.Cos({Expr(depth, _recursive, true)}) * {Lit(1.5)}",
    };

    private string Literal() => Lit(Math.Round(0.25 + (_rng.NextDouble() * 1.75), 2));

    /// <summary>The other operand of a binary operator: a literal or an expression.</summary>
    private string Operand(int depth, bool allowSelf, bool allowCalls) => _rng.Next(4) == 0 ? Literal() : Expr(depth - 1, allowSelf, allowCalls);

    private string Kink(string a, int depth, bool allowSelf, bool allowCalls) => _rng.Next(3) switch
    {
        0 => $"{M}.Abs({a})",
        1 => $"{M}.Max({a}, {Operand(depth, allowSelf, allowCalls)})",
        _ => $"{M}.Min({a}, {Operand(depth, allowSelf, allowCalls)})",
    };

    private string Expr(int depth, bool allowSelf, bool allowCalls)
    {
        if (depth <= 0 || _rng.Next(5) == 0)
        {
            // A literal alone only with MathConstants: Math.Sin(1.5) has no differentiable operand, so the
            // generator copies its text into the generated file (issue 15, item 1).
            return Has(Feature.MathConstants) && _rng.Next(4) == 0 ? Literal() : AnyLocal();
        }

        var a = Expr(depth - 1, allowSelf, allowCalls);
        if (Issue22Expr(a, depth, allowSelf, allowCalls) is { } special)
        {
            return special;
        }

        switch (_rng.Next(22))
        {
            case 0: case 1: return $"({a} + {Operand(depth, allowSelf, allowCalls)})";
            case 2: case 3: return $"({a} * {Operand(depth, allowSelf, allowCalls)})";
            case 4: return $"({Operand(depth, allowSelf, allowCalls)} - {a})";
            case 5: return $"({a} / ({Lit(2.5)} + {M}.Sin({Expr(depth - 1, allowSelf, allowCalls)})))";
            case 6: return $"{M}.Sin({a})";
            case 7: return $"{M}.Cos({a})";
            case 8: return $"{M}.Tanh({a})";
            case 9: return $"{M}.Exp({M}.Tanh({a}))";
            case 10: return $"{M}.Log({Lit(1)} + {a} * {a})";
            case 11: return $"{M}.Sqrt({a} * {a} + {Lit(0.5)})";
            case 12: return $"{M}.Pow({a}, {Lit(2)})";
            case 13: return $"({a} * n)";
            case 14 when Has(Feature.Kinks): return Kink(a, depth, allowSelf, allowCalls);
            case 15 when Has(Feature.Ternary): return $"({Condition(null)} ? {a} : {Operand(depth, allowSelf, allowCalls)})";
            case 16 when Has(Feature.SwitchExpression):
                return $"((n % 3) switch {{ 0 => {a}, 1 => {Expr(depth - 1, allowSelf, allowCalls)}, _ => {Expr(depth - 1, allowSelf, allowCalls)} }})";
            case 17 when Has(Feature.MathConstants): return _rng.Next(2) == 0 ? $"({a} * {M}.Sqrt({Lit(2)}))" : $"({a} + {M}.PI)";
            case 18 or 19 when allowCalls && Has(Feature.Calls) && _callees.Count > 0:
                {
                    var (callee, count) = _callees[_rng.Next(_callees.Count)];
                    var args = Enumerable.Range(0, count).Select(_ => Expr(depth - 1, false, false)).Append(_rng.Next(2) == 0 ? "n" : "n - 1");
                    return $"{callee}{_refSuffix}({string.Join(", ", args)})";
                }

            case 20 or 21 when allowSelf:
                {
                    var args = Enumerable.Range(0, _paramCount).Select(_ => Bounded(depth - 1)).Append("n - 1");
                    return $"{_name}{_refSuffix}({string.Join(", ", args)})";
                }

            default: return $"({a} * {Lit(Math.Round(0.3 + _rng.NextDouble(), 2))})";
        }
    }
}

using System.Globalization;
using System.Text;

namespace AutoDiffGen.UserLayout.Tests.Fuzz;

/// <summary>
/// The statement and expression forms of issue 22, each behind its own <see cref="Feature"/>. No random number is
/// drawn here unless one of them is on, so the programs of the CI feature set stay what they were. Every loop is
/// bounded by an int counter (n is 0..4) and every repeated update contracts, so values stay finite; a float
/// method and its double twin draw the same numbers, so they stay the same program.
/// </summary>
internal sealed partial class ScalarWriter
{
    private static readonly Feature[] _statementFeatures =
    [
        Feature.ConditionEffects, Feature.ShortCircuitEffects, Feature.LoopConditionEffects, Feature.NestedLoopKinds,
        Feature.ForForms, Feature.RefLocals, Feature.LocalArrays, Feature.UserTypes, Feature.AssignmentValue,
        Feature.IncDecExpressions, Feature.GotoCase, Feature.RelationalSwitch, Feature.RefOutInHelpers,
        Feature.FloatDoubleConversions, Feature.DeferredInit, Feature.EmptyStatements, Feature.Discards,
    ];

    private static readonly Feature[] _expressionFeatures = [Feature.ClampMaxMin, Feature.RelationalSwitch];

    private int _nextName;

    /// <summary>The user types and [Differentiable] helpers the program's methods use, for the program class.</summary>
    public static string Declarations(Feature features, bool isFloat)
    {
        var sb = new StringBuilder();
        foreach (var (t, suffix, differentiable) in isFloat
            ? new[] { ("float", "", true), ("double", "_Ref", false) }
            : new[] { ("double", "", true) })
        {
            var tag = t == "float" ? "f" : "d";
            var m = t == "float" ? "MathF" : "Math";
            var lit = t == "float" ? "F" : "";
            var attribute = differentiable ? "[Differentiable]\n    " : "";
            if ((features & Feature.UserTypes) != 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $$"""
                        public record struct P{{tag}}({{t}} X, {{t}} Y);

                        public struct S{{tag}}
                        {
                            public {{t}} A;
                            public {{t}} B;

                            public S{{tag}}({{t}} a, {{t}} b)
                            {
                                A = a;
                                B = b;
                            }
                        }

                        public sealed class C{{tag}}
                        {
                            public C{{tag}}({{t}} a, {{t}} b)
                            {
                                A = a;
                                B = b * 0.5{{lit}};
                            }

                            public {{t}} A { get; }

                            public {{t}} B { get; }
                        }


                    """);
            }

            if ((features & Feature.RefOutInHelpers) != 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $$"""
                        {{attribute}}public static void Scale{{suffix}}(ref {{t}} a, {{t}} b)
                        {
                            a = (a * {{m}}.Tanh(b)) + (b * 0.5{{lit}});
                        }

                        {{attribute}}public static void Split{{suffix}}({{t}} x, out {{t}} s, out {{t}} c)
                        {
                            s = {{m}}.Sin(x);
                            c = {{m}}.Cos(x) * x;
                        }

                        {{attribute}}public static {{t}} Twice{{suffix}}({{t}} x, out {{t}} y)
                        {
                            y = x * x;
                            return {{m}}.Tanh(x) + y;
                        }

                        {{attribute}}public static {{t}} Read{{suffix}}(in {{t}} x, {{t}} y)
                        {
                            return (x * y) + {{m}}.Sin(x);
                        }


                    """);
            }
        }

        return sb.ToString();
    }

    private bool AnyOf(Feature[] features) => features.Any(Has);

    private string Fresh(string prefix) => $"{prefix}_{_nextName++}";

    /// <summary>`target = Tanh(e) + target * 0.5;`: a loop update that keeps the value in a bounded range.</summary>
    private void Contract(string target) => Line($"{target} = {M}.Tanh({Expr(2, false, true)}) + {target} * {Lit(0.5)};");

    /// <summary>Another assignable local (the target itself when it is the only one).</summary>
    private string Other(string target)
    {
        var own = _locals.Where(l => l.StartsWith('v') && l != target).ToList();
        return own.Count == 0 ? target : own[_rng.Next(own.Count)];
    }

    /// <summary>The method's last statement; with IncDecExpressions sometimes `return z++ + z;`, with EmptyStatements a `;` after it.</summary>
    private string FinalReturn()
    {
        var text = $"return {Expr(3, _recursive, true)};";
        if (Has(Feature.IncDecExpressions) && Assignable() is { } z && _rng.Next(3) == 0)
        {
            text = _rng.Next(2) == 0 ? $"return {z}++ + {z};" : $"return --{z} * {Expr(1, false, true)};";
        }

        if (Has(Feature.EmptyStatements) && _rng.Next(2) == 0)
        {
            text += ";";
        }

        return text;
    }

    private string? Issue22Expr(string a, int depth, bool allowSelf, bool allowCalls)
    {
        if (!AnyOf(_expressionFeatures) || _rng.Next(6) != 0)
        {
            return null;
        }

        var on = _expressionFeatures.Where(Has).ToList();
        var b = Operand(depth, allowSelf, allowCalls);
        return on[_rng.Next(on.Count)] switch
        {
            Feature.ClampMaxMin => _rng.Next(3) switch
            {
                0 => $"Math.Clamp({a}, {Lit(-0.8)}, {Lit(0.9)})",
                1 => $"{T}.Max({a}, {b})",
                _ => $"{T}.Min({a}, {b})",
            },
            _ => $"({a} switch {{ < {Lit(-0.2)} => {b}, > {Lit(0.7)} => {a} * {Lit(0.5)}, _ => {a} + {Lit(0.25)} }})",
        };
    }

    private bool Issue22Statement(int depth, string? inLoop, string target)
    {
        if (!AnyOf(_statementFeatures) || _rng.Next(100) >= 45)
        {
            return false;
        }

        var on = _statementFeatures.Where(Has).ToList();
        var feature = on[_rng.Next(on.Count)];
        var other = Other(target);
        switch (feature)
        {
            case Feature.ConditionEffects when depth < 2:
                Line(_rng.Next(2) == 0
                    ? $"if (({target} += {Bounded(1)}) > {Lit(0.3)})"
                    : $"if (({target} = {Expr(2, false, true)}) < {Lit(0.5)})");
                Block(depth, inLoop);
                if (_rng.Next(2) == 0)
                {
                    Line("else");
                    Block(depth, inLoop);
                }

                return true;

            case Feature.ShortCircuitEffects when depth < 2:
                Line(_rng.Next(4) switch
                {
                    0 => $"if (n > 1 && ({target} += {Bounded(1)}) > {Lit(0.2)})",
                    1 => $"if ({AnyLocal()} > {Lit(0.1)} || ({target} *= {Lit(0.5)}) > 0)",
                    2 => $"if (n % 2 == 0 && {target}++ > {Lit(0.5)})",
                    _ => $"if ({other} < {Lit(0.3)} || (--{target} < {Lit(-0.5)} && ({other} -= {Lit(0.25)}) > 0))",
                });
                Block(depth, inLoop);
                return true;

            case Feature.LoopConditionEffects when depth < 2:
                LoopConditionEffects(depth, target);
                return true;

            case Feature.NestedLoopKinds when depth < 2:
                NestedLoopKinds(depth, target);
                return true;

            case Feature.ForForms when depth < 2:
                {
                    var i = Fresh("i");
                    if (_rng.Next(2) == 0)
                    {
                        var j = Fresh("j");
                        Line($"for (int {i} = 0, {j} = n + 1; {i} < {j}; {i}++, {j}--)");
                        Line("{");
                        _indent++;
                        Contract(target);
                        Line($"{target} += {Lit(0.1)} * {j};");
                    }
                    else
                    {
                        Line($"var {i} = 0;");
                        Line("for (;;)");
                        Line("{");
                        _indent++;
                        Line($"if ({i} >= n) {{ break; }}");
                        Line($"{i}++;");
                        Contract(target);
                    }

                    _indent--;
                    Line("}");
                    return true;
                }

            case Feature.RefLocals:
                {
                    var r = Fresh("r");
                    Line($"ref {T} {r} = ref {target};");
                    Line($"{r} = {r} * {Bounded(1)};");
                    Line($"{r} = ref {other};");
                    Line($"{r} += {Bounded(1)};");
                    if (_rng.Next(2) == 0)
                    {
                        Line($"{target} = {r} * {target};");
                    }

                    return true;
                }

            case Feature.LocalArrays:
                LocalArrays(target);
                return true;

            case Feature.UserTypes:
                {
                    var tag = _isFloat ? "f" : "d";
                    var local = Fresh("p");
                    switch (_rng.Next(3))
                    {
                        case 0:
                            Line($"var {local} = new P{tag}({Expr(2, false, true)}, {other});");
                            Line($"{target} = {local}.X * {local}.Y + {Lit(0.5)} * {target};");
                            break;
                        case 1:
                            Line($"var {local} = new S{tag}({target}, {Expr(2, false, true)});");
                            Line($"{local}.A = {local}.A * {Bounded(1)};");
                            Line($"{local}.B += {other};");
                            Line($"{target} = {local}.A + {local}.B;");
                            break;
                        default:
                            Line($"var {local} = new C{tag}({Expr(2, false, true)}, {target});");
                            Line($"{target} = {local}.A * {local}.B;");
                            break;
                    }

                    return true;
                }

            case Feature.AssignmentValue:
                Line(_rng.Next(2) == 0
                    ? $"{target} = ({other} = {Expr(2, false, true)}) * {Lit(2)};"
                    : $"{target} = {other} = {Expr(2, false, true)};");
                return true;

            case Feature.IncDecExpressions:
                switch (_rng.Next(3))
                {
                    case 0:
                        Line($"{target} = {other}++ + {other};");
                        break;
                    case 1:
                        Line($"{target} = {M}.Sin(++{other}) + {target} * {Lit(0.5)};");
                        break;
                    default:
                        if (_callees.Count > 0 && Has(Feature.Calls))
                        {
                            var (callee, count) = _callees[_rng.Next(_callees.Count)];
                            var k = Fresh("k");
                            Line($"var {k} = n - 1;");
                            var args = Enumerable.Range(0, count).Select(_ => Expr(1, false, false)).Append($"++{k}");
                            Line($"{target} = {callee}{_refSuffix}({string.Join(", ", args)});");
                        }
                        else
                        {
                            Line($"{target} = {other}-- * {Lit(0.5)} + {other};");
                        }

                        break;
                }

                return true;

            case Feature.GotoCase when depth < 2:
                Line("switch (n % 3)");
                Line("{");
                _indent++;
                Line($"case 0: {target} = {Expr(2, false, true)}; goto case 1;");
                Line($"case 1: {target} += {Bounded(1)}; break;");
                Line($"case 2: {target} *= {Bounded(1)}; goto default;");
                Line($"default: {target} = {target} * {Lit(0.5)} + {other}; break;");
                _indent--;
                Line("}");
                return true;

            case Feature.RelationalSwitch when depth < 2:
                Line($"switch ({AnyLocal()})");
                Line("{");
                _indent++;
                Line($"case > {Lit(0.5)}: {target} = {Expr(2, false, true)}; break;");
                Line($"case < {Lit(-0.5)} or > {Lit(0.4)}: {target} *= {Bounded(1)}; break;");
                Line($"default: {target} += {other}; break;");
                _indent--;
                Line("}");
                return true;

            case Feature.RefOutInHelpers:
                switch (_rng.Next(4))
                {
                    case 0:
                        Line($"Scale{_refSuffix}(ref {target}, {Expr(2, false, true)});");
                        break;
                    case 1:
                        Line($"Split{_refSuffix}({Expr(2, false, true)}, out {target}, out var {Fresh("c")});");
                        break;
                    case 2:
                        {
                            var y = Fresh("y");
                            Line($"{target} = Twice{_refSuffix}({Bounded(1)}, out var {y}) * {y};");
                            break;
                        }

                    default:
                        Line($"{target} = Read{_refSuffix}(in {other}, {Expr(2, false, true)});");
                        break;
                }

                return true;

            case Feature.FloatDoubleConversions:
                {
                    // In a float method `d = a * b` is float * float widened to double; in its double twin the same
                    // text is double arithmetic, so the twin stays the finite-difference reference.
                    var d = Fresh("d");
                    if (_rng.Next(2) == 0)
                    {
                        Line($"double {d} = {AnyLocal()} * {other};");
                        Line($"{target} = ({T})(Math.Sin({d}) * 0.5 + {d}) + {target} * {Lit(0.25)};");
                    }
                    else
                    {
                        Line($"float {d} = 0.75F;");
                        Line($"{target} = {target} * {d} + ({T}){d};");
                    }

                    return true;
                }

            case Feature.DeferredInit when depth == 0:
                {
                    var local = NewLocal();
                    Line($"{T} {local};");
                    if (_rng.Next(2) == 0)
                    {
                        Line($"if ({Condition(null)}) {{ {local} = {Expr(2, false, true)}; }} else {{ {local} = {Bounded(1)}; }}");
                    }
                    else
                    {
                        Line($"{target} = {target} * {Lit(0.5)};");
                        Line($"{local} = {Expr(2, false, true)};");
                    }

                    _locals.Add(local);
                    return true;
                }

            case Feature.EmptyStatements:
                if (inLoop is null && Has(Feature.EarlyReturn) && (depth == 0 || Has(Feature.NestedReturn)))
                {
                    Line($"if ({Condition(null)}) {{ return {Expr(2, false, true)};; }}");
                }
                else
                {
                    Line($"{target} = {Expr(2, false, true)};;");
                }

                return true;

            case Feature.Discards:
                Line(_rng.Next(2) == 0 ? $"_ = {Expr(2, false, true)};" : "System.Diagnostics.Debug.Assert(n >= 0);");
                return true;

            default:
                return false;
        }
    }

    private void LoopConditionEffects(int depth, string target)
    {
        var i = Fresh("i");
        var kind = _rng.Next(3);
        switch (kind)
        {
            case 0:
                Line($"var {i} = 0;");
                Line($"while (({target} += {Bounded(1)}) < {Lit(2.5)} && {i} < n)");
                Line("{");
                _indent++;
                Line($"{i}++;");
                break;
            case 1:
                Line($"var {i} = 0;");
                Line($"while ({i}++ < n)");
                Line("{");
                _indent++;
                break;
            default:
                Line($"var {i} = n + 1;");
                Line("do");
                Line("{");
                _indent++;
                break;
        }

        Contract(target);
        if (_rng.Next(2) == 0)
        {
            Statement(depth + 1, i);
        }

        _indent--;
        Line(kind == 2 ? $"}} while (--{i} > 0);" : "}");
    }

    private void NestedLoopKinds(int depth, string target)
    {
        var i = Fresh("i");
        var j = Fresh("j");
        switch (_rng.Next(4))
        {
            case 0:
                // Issue 22's example: the do is the while's whole body and shares its counter.
                Line($"var {i} = n + 1;");
                Line($"while ({i} > 0) do {{ {target} = {M}.Tanh({Expr(2, false, true)}) + {target} * {Lit(0.5)}; }} while (--{i} > 0);");
                return;
            case 1:
                Line($"var {i} = 0;");
                Line("do");
                Line("{");
                _indent++;
                Line($"var {j} = 0;");
                Line($"while ({j} < n)");
                Line("{");
                _indent++;
                Line($"{j}++;");
                Contract(target);
                _indent--;
                Line("}");
                Line($"{i}++;");
                _indent--;
                Line($"}} while ({i} < 2);");
                return;
            case 2:
                Line($"var {i} = 0;");
                Line("do");
                Line("{");
                _indent++;
                Line($"for (var {j} = 0; {j} < n; {j}++)");
                Line("{");
                _indent++;
                Contract(target);
                if (_rng.Next(2) == 0)
                {
                    Statement(depth + 2, j);
                }

                _indent--;
                Line("}");
                _indent--;
                Line($"}} while (++{i} < 2);");
                return;
            default:
                Line($"var {i} = 0;");
                Line($"while ({i} < n)");
                Line("{");
                _indent++;
                Line($"{i}++;");
                Line($"var {j} = 0;");
                Line("do");
                Line("{");
                _indent++;
                Contract(target);
                Line($"{j}++;");
                _indent--;
                Line($"}} while ({j} < 2);");
                _indent--;
                Line("}");
                return;
        }
    }

    private void LocalArrays(string target)
    {
        var a = Fresh("a");
        switch (_rng.Next(4))
        {
            case 0:
                Line($"{T}[] {a} = {{ {AnyLocal()}, {Lit(2)} * {AnyLocal()} }};");
                Line($"{target} = {a}[0] * {a}[1] + {a}[n & 1];");
                break;
            case 1:
                Line($"var {a} = new {T}[3];");
                Line($"{a}[0] = {Expr(2, false, true)};");
                Line($"{a}[1] = {Bounded(1)};");
                Line($"{a}[2] = {a}[0] * {a}[1];");
                Line($"{target} = {a}[2] + {a}[(n & 1) + 1];");
                break;
            case 2:
                {
                    var k = Fresh("k");
                    Line($"var {a} = new {T}[] {{ {AnyLocal()}, {Expr(2, false, true)}, {target} }};");
                    Line($"for (var {k} = 0; {k} < n && {k} < {a}.Length; {k}++)");
                    Line("{");
                    _indent++;
                    Line($"{a}[{k}] = {M}.Tanh({a}[{k}] * {target});");
                    Line($"{target} += {a}[{k}] * {Lit(0.5)};");
                    _indent--;
                    Line("}");
                    break;
                }

            default:
                {
                    var e = Fresh("e");
                    Line($"{T}[] {a} = {{ {AnyLocal()}, {Bounded(1)} }};");
                    Line($"foreach (var {e} in {a})");
                    Line("{");
                    _indent++;
                    Line($"{target} = {target} * {Lit(0.5)} + {M}.Sin({e});");
                    _indent--;
                    Line("}");
                    break;
                }
        }
    }
}

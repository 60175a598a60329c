using System.Globalization;
using System.Text;

namespace AutoDiffGen.UserLayout.Tests.Fuzz;

/// <summary>
/// Writes one random float64 tensor method. Every expression carries its shape, so each op is valid at run time
/// (broadcasting, MatMul's rank rules, views); a local keeps its shape on every path. The result is reduced to one
/// element so <c>WithGradient</c> applies.
/// </summary>
internal sealed class TensorWriter
{
    private readonly Random _rng;
    private readonly Feature _features;
    private readonly string _name;
    private readonly StringBuilder _sb = new();
    private readonly List<(string Name, int[] Shape)> _locals = [];
    private readonly IReadOnlyList<TensorSignature> _callees;
    private int _nextLocal;
    private int _nextLoop;
    private int _indent = 2;

    public TensorWriter(int seed, Feature features, string name, TensorSignature signature, IReadOnlyList<TensorSignature> callees)
    {
        _rng = new Random(seed);
        _features = features;
        _name = name;
        Signature = signature;
        _callees = callees;
    }

    public TensorSignature Signature { get; }

    private bool Has(Feature f) => (_features & f) == f;

    /// <summary>A random signature: one or two tensors of small shapes, sometimes a double, always an int n.</summary>
    public static TensorSignature RandomSignature(Random rng, string name)
    {
        int[][] shapes = [[3], [2, 3], [3, 2], [2, 2], [1, 3], [3, 1], [4]];
        var tensors = new List<int[]> { shapes[rng.Next(shapes.Length)] };
        if (rng.Next(2) == 0)
        {
            tensors.Add(shapes[rng.Next(shapes.Length)]);
        }

        return new TensorSignature(name, [.. tensors], rng.Next(3) == 0);
    }

    private static string Lit(double value) => value.ToString("0.0##", CultureInfo.InvariantCulture);

    public string Write()
    {
        var parameters = Signature.Tensors.Select((_, i) => $"Tensor t{i}").ToList();
        if (Signature.HasScalar)
        {
            parameters.Add("double s");
        }

        parameters.Add("int n");
        _sb.Append(CultureInfo.InvariantCulture, $"    [Differentiable]\n    public static Tensor {_name}({string.Join(", ", parameters)})\n    {{\n");
        for (var i = 0; i < Signature.Tensors.Length; i++)
        {
            _locals.Add(($"t{i}", Signature.Tensors[i]));
        }

        var statements = _rng.Next(1, 5);
        for (var s = 0; s < statements; s++)
        {
            Statement();
        }

        var (result, _) = Expr(2);
        Line($"return ({result}).{(_rng.Next(2) == 0 ? "Sum" : "Mean")}();");
        _sb.Append("    }\n");
        return _sb.ToString();
    }

    private void Line(string text) => _sb.Append(' ', _indent * 4).Append(text).Append('\n');

    private void Statement()
    {
        var own = _locals.Where(l => l.Name.StartsWith('h')).ToList();
        var roll = _rng.Next(100);
        if (roll < 45 || own.Count == 0)
        {
            var (text, shape) = Expr(3);
            var local = $"h{_nextLocal++}";
            Line($"var {local} = {text};");
            _locals.Add((local, shape));
            return;
        }

        var (name, target) = own[_rng.Next(own.Count)];
        if (roll < 60)
        {
            Line($"{name} = {ExprOfShape(target, 2)};");
            return;
        }

        if (roll < 70 && Has(Feature.Compound))
        {
            Line($"{name} {(_rng.Next(2) == 0 ? "+=" : "*=")} {ExprOfShape(target, 1)};");
            return;
        }

        if (roll < 80 && Has(Feature.TensorBranches) && Has(Feature.IfElse))
        {
            Line($"if ({Condition()}) {{ {name} = {ExprOfShape(target, 2)}; }}");
            if (_rng.Next(2) == 0)
            {
                Line($"else {{ {name} = {ExprOfShape(target, 1)}; }}");
            }

            return;
        }

        if (roll < 90 && Has(Feature.TensorBranches) && Has(Feature.For))
        {
            var i = $"i{_nextLoop++}";
            Line($"for (var {i} = 0; {i} < n; {i}++)");
            Line("{");
            _indent++;
            if (Has(Feature.BreakContinue) && _rng.Next(3) == 0)
            {
                Line($"if ({i} > 1) {{ break; }}");
            }

            Line($"{name} = ({ExprOfShape(target, 1)}).Tanh() + {name} * 0.5;");
            _indent--;
            Line("}");
            return;
        }

        if (Has(Feature.TensorValueCondition) && Has(Feature.IfElse))
        {
            // Issue 15, item 3: the condition reads a local that fusion would otherwise swallow.
            Line($"if ({name}.Sum().Item<double>() > {Lit(Math.Round(_rng.NextDouble() - 0.5, 2))}) {{ n = n + 1; }}");
            return;
        }

        Line($"{name} = {ExprOfShape(target, 1)};");
    }

    private string Condition() => _rng.Next(3) switch { 0 => "n > 1", 1 => "n % 2 == 0", _ => "n < 3" };

    /// <summary>An expression of exactly this shape: one of that shape combined with a broadcast operand.</summary>
    private string ExprOfShape(int[] shape, int depth)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var (text, s) = Expr(depth);
            if (s.SequenceEqual(shape))
            {
                return text;
            }

            if (Shapes.Broadcast(s, shape) is { } b && b.SequenceEqual(shape))
            {
                var same = _locals.Where(l => l.Shape.SequenceEqual(shape)).ToList();
                var anchor = same.Count > 0 ? same[_rng.Next(same.Count)].Name : null;
                if (anchor is not null)
                {
                    return $"{anchor} * 0.5 + {Paren(text)}";
                }
            }
        }

        var exact = _locals.Where(l => l.Shape.SequenceEqual(shape)).ToList();
        return exact.Count > 0 ? $"{exact[_rng.Next(exact.Count)].Name}.Sin()" : throw new InvalidOperationException("no local of the target shape");
    }

    private static string Paren(string text) => text.All(c => char.IsLetterOrDigit(c) || c == '_' || c == '.') ? text : $"({text})";

    private (string Text, int[] Shape) Leaf()
    {
        var (name, shape) = _locals[_rng.Next(_locals.Count)];
        return (name, shape);
    }

    private (string Text, int[] Shape) Expr(int depth)
    {
        if (depth <= 0 || _rng.Next(5) == 0)
        {
            return Leaf();
        }

        var (a, sa) = Expr(depth - 1);
        var pa = Paren(a);
        switch (_rng.Next(24))
        {
            case 0:
            case 1:
            case 2:
                {
                    var (b, sb) = Expr(depth - 1);
                    if (Shapes.Broadcast(sa, sb) is { } shape)
                    {
                        var op = _rng.Next(3) switch { 0 => "+", 1 => "-", _ => "*" };
                        return ($"{pa} {op} {Paren(b)}", shape);
                    }

                    return ($"{pa} * {Lit(1.5)}", sa);
                }

            case 3: return ($"{pa} / ({Paren(a)}.Square() + 1.0)", sa);
            case 4: return (_rng.Next(2) == 0 ? $"{pa} * {Lit(0.7)}" : $"{Lit(1.2)} - {pa}", sa);
            case 5: return ($"{pa}.Sin()", sa);
            case 6: return ($"{pa}.Cos()", sa);
            case 7: return ($"{pa}.Tanh()", sa);
            case 8: return ($"{pa}.Sigmoid()", sa);
            case 9: return ($"{pa}.Tanh().Exp()", sa);
            case 10: return ($"({pa}.Square() + 1.0).Log()", sa);
            case 11: return ($"({pa}.Square() + 0.5).Sqrt()", sa);
            case 12: return ($"{pa}.Pow(2.0)", sa);
            case 13: return (_rng.Next(2) == 0 ? $"{pa}.Sum()" : $"{pa}.Mean()", []);
            case 14 when Signature.HasScalar: return ($"{pa} * s", sa);
            case 15 when Has(Feature.Kinks): return (_rng.Next(2) == 0 ? $"{pa}.Abs()" : $"{pa}.Relu()", sa);
            case 16 when Has(Feature.TensorViews): return View(pa, sa);
            case 17 when Has(Feature.TensorReduceDims) && sa.Length > 0: return ReduceDim(pa, sa);
            case 18 when Has(Feature.TensorMatMul) && sa.Length is 1 or 2: return MatMul(pa, sa);
            case 19 when Has(Feature.TensorCat) && sa.Length > 0:
                return _rng.Next(2) == 0
                    ? ($"Tensor.Cat([{pa}, {pa}.Sin()])", [sa[0] * 2, .. sa[1..]])
                    : ($"Tensor.Stack([{pa}, {pa}.Cos()])", [2, .. sa]);
            case 20 when Has(Feature.TensorNewOps): return NewOp(pa, sa);
            case 21 when Has(Feature.TensorConstants): return ($"{pa} + Tensor.Ones({string.Join(", ", sa)}).To(DType.Float64)", sa);
            case 22 when Has(Feature.Calls) && _callees.Count > 0: return Call();
            default: return ($"{pa} * {Lit(Math.Round(0.3 + _rng.NextDouble(), 2))}", sa);
        }
    }

    private (string, int[]) Call()
    {
        var callee = _callees[_rng.Next(_callees.Count)];
        var args = new List<string>();
        foreach (var shape in callee.Tensors)
        {
            if (ExprOfShapeOrFresh(shape) is not { } arg)
            {
                return Leaf();
            }

            args.Add(arg);
        }

        if (callee.HasScalar)
        {
            args.Add(Signature.HasScalar ? "s * 0.5" : "0.75");
        }

        args.Add("n");
        return ($"{callee.Name}({string.Join(", ", args)})", []);
    }

    /// <summary>For a call's argument: a local's expression when one has that shape, else a view of one that fits.</summary>
    private string? ExprOfShapeOrFresh(int[] shape)
    {
        var exact = _locals.Where(l => l.Shape.SequenceEqual(shape)).ToList();
        if (exact.Count > 0)
        {
            return ExprOfShape(shape, 1);
        }

        var size = shape.Aggregate(1, (x, y) => x * y);
        var sameSize = _locals.Where(l => l.Shape.Aggregate(1, (x, y) => x * y) == size).ToList();
        if (sameSize.Count > 0)
        {
            return $"{sameSize[_rng.Next(sameSize.Count)].Name}.Reshape({string.Join(", ", shape)})";
        }

        if (!Has(Feature.TensorConstants))
        {
            return null;
        }

        // A sum of every element broadcast to the shape by a tensor of ones (a constant the generator copies).
        var any = _locals[_rng.Next(_locals.Count)].Name;
        return $"{any}.Sum() * Tensor.Ones({string.Join(", ", shape)}).To(DType.Float64)";
    }

    private (string, int[]) View(string pa, int[] sa)
    {
        var size = sa.Aggregate(1, (x, y) => x * y);
        var roll = _rng.Next(7);
        return roll switch
        {
            0 => ($"{pa}.View(-1)", [size]),
            1 => ($"{pa}.Unsqueeze(0)", [1, .. sa]),
            2 when sa.Length == 2 => ($"{pa}.T", [sa[1], sa[0]]),
            3 when sa.Length == 2 => ($"{pa}.Transpose(0, 1)", [sa[1], sa[0]]),
            4 when sa.Length > 0 && sa[0] >= 2 => _rng.Next(2) == 0 ? ($"{pa}[1..]", [sa[0] - 1, .. sa[1..]]) : ($"{pa}[..^1]", [sa[0] - 1, .. sa[1..]]),
            5 when sa.Length > 0 => ($"{pa}[0]", sa[1..]),
            6 when size % 2 == 0 && sa.Length > 0 => ($"{pa}.Reshape(2, -1)", [2, size / 2]),
            _ => ($"{pa}.Flatten()", [size]),
        };
    }

    private (string, int[]) ReduceDim(string pa, int[] sa)
    {
        var dim = _rng.Next(sa.Length);
        var keep = _rng.Next(2) == 0;
        int[] reduced = keep ? [.. sa[..dim], 1, .. sa[(dim + 1)..]] : [.. sa[..dim], .. sa[(dim + 1)..]];
        return _rng.Next(4) switch
        {
            0 => ($"{pa}.Sum({dim}{(keep ? ", keepDim: true" : "")})", reduced),
            1 => ($"{pa}.Mean({dim}{(keep ? ", keepDim: true" : "")})", reduced),
            2 => ($"{pa}.Softmax({dim})", sa),
            _ => ($"{pa}.LogSoftmax({dim})", sa),
        };
    }

    private (string, int[]) MatMul(string pa, int[] sa)
    {
        var candidates = _locals.Where(l => l.Shape.Length is 1 or 2 && l.Shape[0] == sa[^1]).ToList();
        if (candidates.Count > 0 && _rng.Next(3) != 0)
        {
            var (b, sb) = candidates[_rng.Next(candidates.Count)];
            int[] shape = (sa.Length, sb.Length) switch
            {
                (1, 1) => [],
                (1, 2) => [sb[1]],
                (2, 1) => [sa[0]],
                _ => [sa[0], sb[1]],
            };
            return ($"Tensor.MatMul({pa}, {b})", shape);
        }

        return sa.Length == 2 ? ($"Tensor.MatMul({pa}, {pa}.T)", [sa[0], sa[0]]) : ($"Tensor.MatMul({pa}, {pa})", []);
    }

    private (string, int[]) NewOp(string pa, int[] sa) => _rng.Next(6) switch
    {
        0 => ($"{pa}.Clamp(-0.5, 0.6)", sa),
        1 => ($"{pa}.Maximum({pa}.Sin())", sa),
        2 => ($"{pa}.Norm()", []),
        3 when sa.Length > 0 && sa[0] == 1 => ($"{pa}.Squeeze()", sa[1..]),
        4 => ($"{pa}.To(DType.Float64)", sa),
        _ => ($"{pa}.Unsqueeze(0).Expand({string.Join(", ", sa.Select(_ => "-1").Prepend("2"))})", [2, .. sa]),
    };
}

/// <summary>A generated tensor method's signature: its tensors' shapes, whether it takes a double, and an int n.</summary>
internal sealed record TensorSignature(string Name, int[][] Tensors, bool HasScalar);

internal static class Shapes
{
    /// <summary>PyTorch's broadcast of two shapes, or null when they do not broadcast.</summary>
    public static int[]? Broadcast(int[] a, int[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var x = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var y = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (x != y && x != 1 && y != 1)
            {
                return null;
            }

            result[i] = Math.Max(x, y);
        }

        return result;
    }
}

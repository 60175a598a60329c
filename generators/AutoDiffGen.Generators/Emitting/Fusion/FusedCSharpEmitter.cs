using System.Globalization;
using AutoDiffGen.Generators.Model;

namespace AutoDiffGen.Generators.Emitting.Fusion;

/// <summary>
/// Writes a fused region as a nested static class: <c>Forward</c> (one pass computing the result) and
/// <c>Backward</c> (one pass computing every differentiable operand's adjoint, recomputing the intermediates), as
/// C# loops over <c>Vector512&lt;T&gt;</c> lanes (where AVX-512 is accelerated), then <c>Vector&lt;T&gt;</c> lanes,
/// then a scalar tail, generic over float32 and float64, plus the same program in OpenCL C
/// (<see cref="FusedOpenCLEmitter"/>).
/// </summary>
internal static class FusedCSharpEmitter
{
    private const string Fused = "global::AutoDiffGen.Fusion.Fused";
    private const string Math = "global::AutoDiffGen.Fusion.FusedMath";
    private const string Tensor = "global::AutoDiffGen.Tensor";
    private const string Constraint = "where T : unmanaged, global::System.Numerics.IFloatingPointIeee754<T>";

    public static void Emit(CodeWriter w, FusedRegion region, EquatableArray<Op> ops, string methodName)
    {
        var operands = region.Operands.Select((o, k) => (Name: "in" + k.ToString(CultureInfo.InvariantCulture), Type: ops[o].TypeName, IsTensor: ops[o].TypeName == Tensor)).ToList();
        var parameters = string.Join(", ", operands.Select(o => o.Type + " " + o.Name));
        var arguments = string.Join(", ", operands.Select(o => o.Name));
        var tensors = "[" + string.Join(", ", operands.Where(o => o.IsTensor).Select(o => o.Name)) + "]";
        // The operands the loops read: literals are inlined as constants.
        var read = operands.Where((_, k) => !region.Program.ConstantOperands.Contains(k)).ToList();
        var adjoints = region.Program.OperandAdjoints.Select((a, k) => (Adjoint: a, Index: k)).Where(a => a.Adjoint is not null).ToList();

        w.Line("/// <summary>");
        w.Line($"/// Fused region {region.Number.ToString(CultureInfo.InvariantCulture)} of <see cref=\"{methodName}\"/>: <c>{Xml(ops[region.Sink].Source)}</c>, {region.Members.Count} elementwise ops{(region.Reduction is null ? string.Empty : " and their " + region.Reduction)}");
        w.Line("/// in one pass forward and one pass backward (which recomputes the intermediates instead of storing them).");
        w.Line("/// </summary>");
        w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"AutoDiffGen\", \"0.1.0\")]");
        w.Open($"private static class {region.ClassName}");
        FusedOpenCLEmitter.Emit(w, region, operands.Select(o => (o.Name, o.IsTensor)).ToList());
        w.Line();

        // Forward: plan the iteration space from the tensor operands, then one loop in the compute type.
        w.Open($"public static {Tensor} Forward({parameters})");
        var reductionText = region.Reduction is null ? "null" : "\"" + region.Reduction + "\"";
        w.Line($"var plan = {Fused}.Plan({tensors});");
        w.Open("if (plan.OnOpenCL)");
        w.Line($"return global::AutoDiffGen.Fusion.FusedOpenCL.Forward(plan, OpenCLSource, [{arguments}], {reductionText});");
        w.Close();
        w.Line();
        w.Line($"return plan.DType == global::AutoDiffGen.DType.Float64 ? Forward<double>(plan, {arguments}) : Forward<float>(plan, {arguments});");
        w.Close();
        w.Line();
        w.Line($"private static {Tensor} Forward<T>({Fused}Plan plan, {parameters})");
        w.Line("    " + Constraint);
        w.OpenBrace();
        var reduction = region.Reduction;
        var mean = reduction == "mean" ? "true" : "false";
        var output = reduction is null ? $"Out = {Fused}.Output<T>(plan)" : $"Partials = {Fused}.Partials(plan, 1)";
        w.Line($"var body = new ForwardBody<T> {{ {string.Join(", ", read.Select(o => $"{Field(o.Name)} = {Load(o)}").Append(output))} }};");
        w.Line($"{Fused}.Run(ref body, plan.Count);");
        w.Line(reduction is null ? $"return {Fused}.Result(body.Out, plan);" : $"return {Fused}.Reduced<T>(body.Partials, plan, mean: {mean});");
        w.Close();
        w.Line();

        // Backward: the same operands plus the result's adjoint; full-size adjoints are written out, one-element
        // and scalar operands' adjoints are summed per chunk.
        var returnType = adjoints.Count == 1 ? operands[adjoints[0].Index].Type : "(" + string.Join(", ", adjoints.Select(a => operands[a.Index].Type)) + ")";
        w.Open($"public static {returnType} Backward({parameters}, {Tensor} result, {Tensor} adjoint)");
        w.Line(reduction is null
            ? $"var plan = {Fused}.Plan({tensors.TrimEnd(']')}{(operands.Any(o => o.IsTensor) ? ", " : string.Empty)}adjoint]);"
            : $"var plan = {Fused}.Plan({tensors});");
        w.Open("if (plan.OnOpenCL)");
        var needs = string.Join(", ", region.Program.OperandAdjoints.Select(a => a is null ? "false" : "true"));
        w.Line($"var g = global::AutoDiffGen.Fusion.FusedOpenCL.Backward(plan, OpenCLSource, [{arguments}], adjoint, [{needs}], {reductionText});");
        var deviceResults = adjoints.Select((a, slot) => operands[a.Index].IsTensor
            ? $"g[{slot.ToString(CultureInfo.InvariantCulture)}]"
            : $"({operands[a.Index].Type})global::AutoDiffGen.Fusion.FusedOpenCL.Scalar(g[{slot.ToString(CultureInfo.InvariantCulture)}])").ToList();
        w.Line("return " + (deviceResults.Count == 1 ? deviceResults[0] : "(" + string.Join(", ", deviceResults) + ")") + ";");
        w.Close();
        w.Line();
        w.Line($"return plan.DType == global::AutoDiffGen.DType.Float64 ? Backward<double>(plan, {arguments}, adjoint) : Backward<float>(plan, {arguments}, adjoint);");
        w.Close();
        w.Line();
        w.Line($"private static {returnType} Backward<T>({Fused}Plan plan, {parameters}, {Tensor} adjoint)");
        w.Line("    " + Constraint);
        w.OpenBrace();
        w.Line($"var body = new BackwardBody<T> {{ {string.Join(", ", read.Select(o => $"{Field(o.Name)} = {Load(o)}"))}, {(reduction is null ? $"Dy = {Fused}.Operand<T>(adjoint, plan)" : $"DyValue = {Fused}.ReducedAdjoint<T>(adjoint, plan, mean: {mean})")}, Partials = {Fused}.Partials(plan, {adjoints.Count.ToString(CultureInfo.InvariantCulture)}) }};");
        foreach (var (a, i) in adjoints.Where(a => operands[a.Index].IsTensor).Select((a, i) => (a, i)))
        {
            var name = operands[a.Index].Name;
            w.Line($"body.G{a.Index.ToString(CultureInfo.InvariantCulture)} = body.{Field(name)}.OneElement ? null : {Fused}.Output<T>(plan);");
        }

        w.Line($"{Fused}.Run(ref body, plan.Count);");
        var results = adjoints.Select((a, slot) =>
        {
            var o = operands[a.Index];
            var s = slot.ToString(CultureInfo.InvariantCulture);
            var count = adjoints.Count.ToString(CultureInfo.InvariantCulture);
            return o.IsTensor
                ? $"{Fused}.Adjoint({o.Name}, plan, body.G{a.Index.ToString(CultureInfo.InvariantCulture)}, body.Partials, {count}, {s})"
                : $"({o.Type}){Fused}.Sum(body.Partials, {count}, {s})";
        }).ToList();
        w.Line("return " + (results.Count == 1 ? results[0] : "(" + string.Join(", ", results) + ")") + ";");
        w.Close();
        w.Line();

        EmitBody(w, "ForwardBody", read, region.Program, adjoints, forward: true, reduction is not null);
        w.Line();
        EmitBody(w, "BackwardBody", read, region.Program, adjoints, forward: false, reduction is not null);
        w.Close();
    }

    private static void EmitBody(CodeWriter w, string name, List<(string Name, string Type, bool IsTensor)> operands, ScalarProgram program, List<(string? Adjoint, int Index)> adjoints, bool forward, bool reduced)
    {
        bool IsTensor(int index) => operands.First(o => o.Name == "in" + index.ToString(CultureInfo.InvariantCulture)).IsTensor;
        w.Line($"private struct {name}<T> : global::AutoDiffGen.Fusion.IFusedBody");
        w.Line("    " + Constraint);
        w.OpenBrace();
        foreach (var o in operands)
        {
            w.Line($"public {(o.IsTensor ? "global::AutoDiffGen.Fusion.FusedOperand<T>" : "T")} {Field(o.Name)};");
        }

        if (forward)
        {
            w.Line(reduced ? "public double[] Partials;" : "public T[] Out;");
        }
        else
        {
            w.Line(reduced ? "public T DyValue;" : "public global::AutoDiffGen.Fusion.FusedOperand<T> Dy;");
            w.Line("public double[] Partials;");
            foreach (var a in adjoints.Where(a => IsTensor(a.Index)))
            {
                w.Line($"public T[]? G{a.Index.ToString(CultureInfo.InvariantCulture)};");
            }
        }

        w.Line();

        // Run is called once per chunk, too few times for tiered compilation to reach its optimised code before the
        // loop is done: compile it optimised from the start.
        w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
        w.Open("public void Run(int start, int end, int chunk)");
        foreach (var o in operands)
        {
            var k = o.Name.Substring(2);
            var f = Field(o.Name);
            if (o.IsTensor)
            {
                w.Line($"ref var p{k} = ref {f}.Ref;");
                w.Line($"var m{k} = {f}.Mask;");
            }
            else
            {
                w.Line($"var v{k} = new {VectorType(Lanes.Vector)}({f});");
            }
        }

        // Sums (a reduced result, or the adjoints of one-element operands) have an accumulator per loop.
        var sums = forward ? (reduced ? new List<string> { string.Empty } : new List<string>()) : adjoints.Select(a => a.Index.ToString(CultureInfo.InvariantCulture)).ToList();
        if (forward && !reduced)
        {
            w.Line("ref var o = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(Out);");
        }
        else if (!forward)
        {
            if (reduced)
            {
                w.Line($"var vdy = new {VectorType(Lanes.Vector)}(DyValue);");
            }
            else
            {
                w.Line("ref var pdy = ref Dy.Ref;");
                w.Line("var mdy = Dy.Mask;");
            }

            foreach (var a in adjoints.Where(a => IsTensor(a.Index)))
            {
                var k = a.Index.ToString(CultureInfo.InvariantCulture);
                w.Line($"var full{k} = G{k} is not null;");
                w.Line($"ref var q{k} = ref full{k} ? ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(G{k}!) : ref global::System.Runtime.CompilerServices.Unsafe.NullRef<T>();");
            }
        }

        // Each loop sums into its own accumulators, added to the chunk's total in double after it; accumulators
        // that live across the three loops were kept in memory by the JIT, a store and a load per iteration.
        foreach (var k in sums)
        {
            w.Line($"var sum{k} = 0.0;");
            w.Line($"var tail{k} = T.Zero;");
        }

        w.Line("var i = start;");

        // Vector<T> stays 256-bit on AVX-512 hardware unless the process opts in; the 512-bit loop (a JIT-time
        // constant test) runs the bulk there, and the Vector<T> loop the rest and everything elsewhere.
        w.Open("if (global::System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)");
        foreach (var o in operands.Where(o => !o.IsTensor))
        {
            var k = o.Name.Substring(2);
            w.Line($"var w{k} = global::System.Runtime.Intrinsics.Vector512.Create({Field(o.Name)});");
        }

        if (!forward && reduced)
        {
            w.Line("var wdy = global::System.Runtime.Intrinsics.Vector512.Create(DyValue);");
        }

        EmitLoop(w, Lanes.Wide, sums, () => EmitLanes(w, operands, program, adjoints, forward, Lanes.Wide, IsTensor, reduced));
        w.Close();

        // A block of its own when the loop has accumulators, so they are scoped to it as the 512-bit ones are.
        if (sums.Count > 0)
        {
            w.OpenBrace();
        }

        EmitLoop(w, Lanes.Vector, sums, () => EmitLanes(w, operands, program, adjoints, forward, Lanes.Vector, IsTensor, reduced));
        if (sums.Count > 0)
        {
            w.Close();
        }

        w.Open("for (; i < end; i++)");
        EmitLanes(w, operands, program, adjoints, forward, Lanes.Scalar, IsTensor, reduced);
        w.Close();
        var count = forward ? "1" : adjoints.Count.ToString(CultureInfo.InvariantCulture);
        foreach (var (k, slot) in sums.Select((k, slot) => (k, slot)))
        {
            w.Line($"Partials[(chunk * {count}) + {slot.ToString(CultureInfo.InvariantCulture)}] = sum{k} + double.CreateTruncating(tail{k});");
        }

        w.Close();
        w.Close();
    }

    private static void EmitLoop(CodeWriter w, Lanes lanes, List<string> sums, Action body)
    {
        var prefix = lanes == Lanes.Wide ? "wide" : "acc";
        foreach (var k in sums)
        {
            w.Line($"var {prefix}{k} = {VectorType(lanes)}.Zero;");
        }

        w.Open($"for (; i <= end - {VectorType(lanes)}.Count; i += {VectorType(lanes)}.Count)");
        body();
        w.Close();
        foreach (var k in sums)
        {
            w.Line($"sum{k} += {Fused}.Total({prefix}{k});");
        }
    }

    private static void EmitLanes(CodeWriter w, List<(string Name, string Type, bool IsTensor)> operands, ScalarProgram program, List<(string? Adjoint, int Index)> adjoints, bool forward, Lanes lanes, Func<int, bool> isTensor, bool reduced)
    {
        var statements = forward ? program.Forward : program.Recomputed.Concat(program.Backward).ToList();
        // A tensor operand's adjoint is stored (full-size) or summed (one element), on a branch the loop always
        // takes the same way: each reads the adjoint once, and the sum can contract its product.
        var products = Contractions(statements, forward ? [program.Output] : adjoints.Select(a => a.Adjoint!), forward ? [] : adjoints.Select(a => a.Adjoint!));
        var renderer = new CSharpRenderer(lanes, isTensor, products);
        void Assign(Assignment a) => w.Line(products.ContainsKey(a.Name)
            ? $"// {a.Name} = {renderer.Render(a.Value)}, in the multiply-add that reads it  // {Comment(a.Comment)}"
            : $"var {a.Name} = {renderer.Render(a.Value)};  // {Comment(a.Comment)}");
        var load = lanes switch { Lanes.Wide => "Load512", Lanes.Vector => "Load", _ => "Element" };
        var sum = lanes switch { Lanes.Wide => "wide", Lanes.Vector => "acc", _ => "tail" };
        string Store(string value, string target) => lanes switch
        {
            Lanes.Wide => $"global::System.Runtime.Intrinsics.Vector512.StoreUnsafe({value}, ref {target}, (nuint)i);",
            Lanes.Vector => $"global::System.Numerics.Vector.StoreUnsafe({value}, ref {target}, (nuint)i);",
            _ => $"global::System.Runtime.CompilerServices.Unsafe.Add(ref {target}, i) = {value};",
        };

        foreach (var o in operands.Where(o => o.IsTensor))
        {
            var k = o.Name.Substring(2);
            w.Line($"var a{k} = {Math}.{load}(ref p{k}, m{k}, i);");
        }

        foreach (var a in forward ? program.Forward : program.Recomputed)
        {
            Assign(a);
        }

        if (forward)
        {
            w.Line(reduced ? $"{sum} += {program.Output};" : Store(program.Output, "o"));
            return;
        }

        w.Line(reduced
            ? $"var dy = {lanes switch { Lanes.Wide => "wdy", Lanes.Vector => "vdy", _ => "DyValue" }};"
            : $"var dy = {Math}.{load}(ref pdy, mdy, i);");
        foreach (var a in program.Backward)
        {
            Assign(a);
        }

        foreach (var a in adjoints)
        {
            var k = a.Index.ToString(CultureInfo.InvariantCulture);
            var accumulate = products.ContainsKey(a.Adjoint!)
                ? $"{sum}{k} = {renderer.Render(new Var(sum + k) + new Var(a.Adjoint!))};"
                : $"{sum}{k} += {a.Adjoint};";
            w.Line(isTensor(a.Index) ? $"if (full{k}) {{ {Store(renderer.Render(new Var(a.Adjoint!)), "q" + k)} }} else {{ {accumulate} }}" : accumulate);
        }
    }

    /// <summary>
    /// The products to contract into multiply-adds: assignments <c>x * y</c> read once, by a sum or difference (or
    /// by an accumulation, listed in <paramref name="accumulated"/>). Each saves an instruction and a rounding; in
    /// the tanh chain's loops, with <c>1 - t*t</c> within one expression, that was 8% of the backward loop.
    /// </summary>
    private static Dictionary<string, Expr> Contractions(IReadOnlyList<Assignment> statements, IEnumerable<string> finalUses, IEnumerable<string> accumulated)
    {
        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        var summands = new HashSet<string>(accumulated, StringComparer.Ordinal);
        void Count(Expr e)
        {
            switch (e)
            {
                case Var v:
                    uses[v.Name] = uses.TryGetValue(v.Name, out var n) ? n + 1 : 1;
                    break;
                case Binary b:
                    if (b.Operator is '+' or '-')
                    {
                        foreach (var side in new[] { b.Left, b.Right })
                        {
                            if (side is Var operand)
                            {
                                summands.Add(operand.Name);
                            }
                        }
                    }

                    Count(b.Left);
                    Count(b.Right);
                    break;
                case Negate m:
                    Count(m.Operand);
                    break;
                case Function f:
                    foreach (var arg in f.Args)
                    {
                        Count(arg);
                    }

                    break;
            }
        }

        foreach (var a in statements)
        {
            Count(a.Value);
        }

        foreach (var name in finalUses)
        {
            Count(new Var(name));
        }

        return statements
            .Where(a => a.Value is Binary { Operator: '*' } && uses.TryGetValue(a.Name, out var n) && n == 1 && summands.Contains(a.Name))
            .ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);
    }

    private static string VectorType(Lanes lanes) =>
        lanes == Lanes.Wide ? "global::System.Runtime.Intrinsics.Vector512<T>" : "global::System.Numerics.Vector<T>";

    private static string Load((string Name, string Type, bool IsTensor) operand) =>
        operand.IsTensor ? $"{Fused}.Operand<T>({operand.Name}, plan)" : $"T.CreateTruncating({operand.Name})";

    private static string Field(string name) => char.ToUpperInvariant(name[0]) + name.Substring(1);

    private static string Comment(string text) => text.Replace("\r", " ").Replace("\n", " ");

    private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>How a loop body holds its values: 512-bit vectors, <see cref="System.Numerics.Vector{T}"/>, or one element.</summary>
    private enum Lanes
    {
        Wide,
        Vector,
        Scalar,
    }

    /// <summary>
    /// Renders scalar expressions as C#: vector lanes or one element. A sum or difference with a product operand
    /// (written in the expression, or a contracted assignment) becomes <c>FusedMath.MultiplyAdd</c>.
    /// </summary>
    private sealed class CSharpRenderer
    {
        private readonly Lanes _lanes;
        private readonly Func<int, bool> _isTensor;
        private readonly IReadOnlyDictionary<string, Expr> _products;

        public CSharpRenderer(Lanes lanes, Func<int, bool> isTensor, IReadOnlyDictionary<string, Expr> products)
        {
            _lanes = lanes;
            _isTensor = isTensor;
            _products = products;
        }

        public string Render(Expr e) => e switch
        {
            Var v => _products.TryGetValue(v.Name, out var product) ? Render(product) : Operand(v.Name),
            Constant c => _lanes switch
            {
                Lanes.Wide => $"global::System.Runtime.Intrinsics.Vector512.Create(T.CreateTruncating({c.Text}))",
                Lanes.Vector => $"new global::System.Numerics.Vector<T>(T.CreateTruncating({c.Text}))",
                _ => $"T.CreateTruncating({c.Text})",
            },
            Binary { Operator: '+' } b when Product(b.Left) is { } p => MultiplyAdd(p.Left, p.Right, b.Right),
            Binary { Operator: '+' } b when Product(b.Right) is { } p => MultiplyAdd(p.Left, p.Right, b.Left),
            Binary { Operator: '-' } b when Product(b.Right) is { } p => MultiplyAdd(-p.Left, p.Right, b.Left),
            Binary { Operator: '-' } b when Product(b.Left) is { } p => MultiplyAdd(p.Left, p.Right, -b.Right),
            Binary b => "(" + Render(b.Left) + " " + b.Operator + " " + Render(b.Right) + ")",
            Negate n => "(-" + Render(n.Operand) + ")",
            Function f => $"{Math}.{f.Name}(" + string.Join(", ", f.Args.Select(Render)) + ")",
            _ => throw new InvalidOperationException("unknown expression " + e),
        };

        private Binary? Product(Expr e) => e switch
        {
            Binary { Operator: '*' } b => b,
            Var v when _products.TryGetValue(v.Name, out var product) => (Binary)product,
            _ => null,
        };

        private string MultiplyAdd(Expr a, Expr b, Expr c) => $"{Math}.MultiplyAdd({Render(a)}, {Render(b)}, {Render(c)})";

        // A scalar operand (a double, say) is its lane-broadcast vector in the vector loops, itself in the tail.
        private string Operand(string name)
        {
            if (name.Length > 1 && name[0] == 'a' && char.IsDigit(name[1]))
            {
                var k = int.Parse(name.Substring(1), CultureInfo.InvariantCulture);
                if (!_isTensor(k))
                {
                    var index = name.Substring(1);
                    return _lanes switch { Lanes.Wide => "w" + index, Lanes.Vector => "v" + index, _ => "In" + index };
                }
            }

            return name;
        }
    }
}

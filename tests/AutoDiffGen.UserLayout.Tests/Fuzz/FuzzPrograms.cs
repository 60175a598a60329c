using System.Globalization;
using System.Text;

namespace AutoDiffGen.UserLayout.Tests.Fuzz;

/// <summary>One generated program: a static partial class of methods that may call each other, and its checks.</summary>
/// <param name="ClassName">Fz0001 (scalar) or Tz0001 (tensor): also how a build error in a generated file is traced back.</param>
/// <param name="ImplicitUsings">Which user project holds it: ImplicitUsings on (only `using AutoDiffGen;`) or off (`using System;` too).</param>
/// <param name="Source">The program's file as written into the user project.</param>
/// <param name="Methods">The [Differentiable] methods' names, in order.</param>
public sealed record FuzzProgram(string ClassName, int Seed, bool ImplicitUsings, string Source, IReadOnlyList<string> Methods)
{
    /// <summary>The source of one method (for a failure report): from its attribute to its closing brace.</summary>
    public string MethodSource(string method)
    {
        var start = Source.IndexOf($" {method}(", StringComparison.Ordinal);
        if (start < 0)
        {
            return Source;
        }

        var begin = Source.LastIndexOf("[Differentiable]", start, StringComparison.Ordinal);
        var end = Source.IndexOf("\n    }\n", start, StringComparison.Ordinal);
        return begin < 0 || end < 0 ? Source : Source[begin..(end + 6)];
    }
}

/// <summary>Writes the fuzzer's programs from a seed: the same seed and features always give the same sources.</summary>
public static class FuzzPrograms
{
    public static IReadOnlyList<FuzzProgram> Generate(FuzzConfig config)
    {
        var rng = new Random(config.Seed);
        var programs = new List<FuzzProgram>();
        for (var p = 0; p < config.ScalarPrograms; p++)
        {
            programs.Add(Scalar($"Fz{p:D4}", rng.Next(), config.Features, implicitUsings: p % 2 == 0));
        }

        for (var p = 0; p < config.TensorPrograms; p++)
        {
            programs.Add(Tensor($"Tz{p:D4}", rng.Next(), config.Features, implicitUsings: p % 2 == 0));
        }

        return programs;
    }

    private static string Usings(bool implicitUsings) => implicitUsings ? "using AutoDiffGen;\n\n" : "using System;\nusing AutoDiffGen;\n\n";

    /// <summary>
    /// One to three methods over double or float; a later method may call the earlier ones, and one may recurse
    /// on n. A float program also gets each method's double twin (M0_Ref, plain C#), the finite-difference reference.
    /// </summary>
    public static FuzzProgram Scalar(string className, int seed, Feature features, bool implicitUsings)
    {
        var rng = new Random(seed);
        var isFloat = rng.Next(3) == 0;
        var count = rng.Next(1, 4);
        var methods = new List<(string Name, int Params, int Seed, bool Recursive)>();
        for (var m = 0; m < count; m++)
        {
            var recursive = (features & Feature.Recursion) != 0 && rng.Next(5) == 0;
            methods.Add(($"M{m}", rng.Next(1, 4), rng.Next(), recursive));
        }

        var source = new StringBuilder(Usings(implicitUsings));
        source.Append(CultureInfo.InvariantCulture, $"public static partial class {className}\n{{\n");
        var checks = new StringBuilder();
        for (var m = 0; m < count; m++)
        {
            var (name, parameters, methodSeed, recursive) = methods[m];
            var callees = methods.Take(m).Select(c => (c.Name, c.Params)).ToList();
            source.Append(new ScalarWriter(methodSeed, features, isFloat, reference: false, name, parameters, callees, recursive).Write()).Append('\n');
            if (isFloat)
            {
                source.Append(new ScalarWriter(methodSeed, features, isFloat, reference: true, name, parameters, callees, recursive).Write()).Append('\n');
            }

            checks.Append(ScalarCheck(className, name, parameters, isFloat, methodSeed));
        }

        source.Append(ScalarWriter.Declarations(features, isFloat));
        source.Append("}\n\n");
        AppendCheckClass(source, className, checks);
        return new FuzzProgram(className, seed, implicitUsings, source.ToString(), methods.Select(m => m.Name).ToList());
    }

    /// <summary>One to three float64 tensor methods; a later one may call the earlier ones.</summary>
    public static FuzzProgram Tensor(string className, int seed, Feature features, bool implicitUsings)
    {
        var rng = new Random(seed);
        var count = rng.Next(1, 4);
        var signatures = new List<TensorSignature>();
        var source = new StringBuilder(Usings(implicitUsings));
        source.Append(CultureInfo.InvariantCulture, $"public static partial class {className}\n{{\n");
        var checks = new StringBuilder();
        for (var m = 0; m < count; m++)
        {
            var signature = TensorWriter.RandomSignature(rng, $"M{m}");
            var methodSeed = rng.Next();
            source.Append(new TensorWriter(methodSeed, features, signature.Name, signature, [.. signatures]).Write()).Append('\n');
            checks.Append(TensorCheck(className, signature, methodSeed, features));
            signatures.Add(signature with { Tensors = signature.Tensors });
        }

        source.Append("}\n\n");
        AppendCheckClass(source, className, checks);
        return new FuzzProgram(className, seed, implicitUsings, source.ToString(), signatures.Select(s => s.Name).ToList());
    }

    private static void AppendCheckClass(StringBuilder source, string className, StringBuilder checks) =>
        source.Append(CultureInfo.InvariantCulture, $"public static class {className}_Check\n{{\n    public static void Run(FuzzHarness h)\n    {{\n{checks}    }}\n}}\n");

    private static string Gradient(int parts) => parts == 1 ? "r.Gradient" : string.Join(", ", Enumerable.Range(1, parts).Select(i => $"r.Gradient.Item{i}"));

    private static string ScalarCheck(string className, string method, int parameters, bool isFloat, int seed)
    {
        var cast = isFloat ? "(float)" : "";
        var args = string.Join(", ", Enumerable.Range(0, parameters).Select(i => $"{cast}x[{i}]"));
        var refArgs = string.Join(", ", Enumerable.Range(0, parameters).Select(i => $"v[{i}]"));
        var reference = isFloat ? $"{method}_Ref" : method;
        var flag = isFloat ? "true" : "false";
        return $$"""
                    h.Method("{{className}}.{{method}}", () =>
                    {
                        foreach (var p in h.Points({{seed % 1_000_000}}, {{parameters}}, {{flag}}))
                        {
                            var x = p.X;
                            var n = p.N;
                            var plain = {{className}}.{{method}}({{args}}, n);
                            var r = {{className}}.{{method}}WithGradient({{args}}, n);
                            h.Point(x, n, plain, r.Value, FuzzHarness.Flat({{Gradient(parameters)}}), v => {{className}}.{{reference}}({{refArgs}}, n), {{flag}}, true);
                        }
                    });

            """;
    }

    private static string TensorCheck(string className, TensorSignature signature, int seed, Feature features)
    {
        var strict = (features & Feature.TensorValueBits) != 0 ? "true" : "false";
        var args = new List<string>();
        var refArgs = new List<string>();
        var offset = 0;
        foreach (var shape in signature.Tensors)
        {
            var shapeText = $"new[] {{ {string.Join(", ", shape)} }}";
            args.Add($"FuzzHarness.Tensor(x, {offset}, {shapeText})");
            refArgs.Add($"FuzzHarness.Tensor(v, {offset}, {shapeText})");
            offset += shape.Aggregate(1, (a, b) => a * b);
        }

        if (signature.HasScalar)
        {
            args.Add($"x[{offset}]");
            refArgs.Add($"v[{offset}]");
            offset++;
        }

        var parts = signature.Tensors.Length + (signature.HasScalar ? 1 : 0);
        var m = signature.Name;
        return $$"""
                    h.Method("{{className}}.{{m}}", () =>
                    {
                        foreach (var p in h.Points({{seed % 1_000_000}}, {{offset}}, false))
                        {
                            var x = p.X;
                            var n = p.N;
                            var plain = {{className}}.{{m}}({{string.Join(", ", args)}}, n);
                            var r = {{className}}.{{m}}WithGradient({{string.Join(", ", args)}}, n);
                            h.Point(x, n, plain, r.Value, FuzzHarness.Flat({{Gradient(parts)}}), v => {{className}}.{{m}}({{string.Join(", ", refArgs)}}, n).Item<double>(), false, {{strict}});
                        }
                    });

            """;
    }
}

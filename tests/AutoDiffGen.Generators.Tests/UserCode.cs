using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// Builds user code with the generator and every analyzer and checks it as a user's build would: no error anywhere
/// (generated files included), no warning in a generated file, no diagnostic of ours; runs the generated gradients
/// against central finite differences of the method itself.
/// </summary>
internal static class UserCode
{
    public static readonly CSharpCompilationOptions Library = new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    /// <summary>Runs the generator and every analyzer; asserts a clean build (no errors, nothing in generated files).</summary>
    public static Compilation Build(CSharpCompilationOptions options, params string[] sources)
    {
        var (result, output, generatorDiagnostics) = GeneratorHarness.Run(options, sources);
        Assert.Empty(generatorDiagnostics);
        var problems = output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && IsGenerated(d)))
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + Generated(result));
        var analyzers = output.WithAnalyzers(AnalyzerHarness.All).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        Assert.True(analyzers.IsEmpty, string.Join("\n", analyzers));
        Assert.NotEmpty(result.Results.Single().GeneratedSources);
        return output;
    }

    public static bool IsGenerated(Diagnostic diagnostic) => diagnostic.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true;

    public static string Generated(GeneratorDriverRunResult result) =>
        string.Join("\n", result.Results.Single().GeneratedSources.Select(s => s.SourceText.ToString()));

    public static (double Value, double Gradient) ScalarWithGradient(CompiledAssembly code, string type, string method, object? target, params object?[] arguments)
    {
        var pair = code.Call(type, method + "WithGradient", target, arguments)!;
        return ((double)pair.GetType().GetField("Item1")!.GetValue(pair)!, (double)pair.GetType().GetField("Item2")!.GetValue(pair)!);
    }

    /// <summary>
    /// A method whose first parameter is its only differentiable one: the gradient matches central differences of the
    /// method itself, and the value is the method's own. <paramref name="rest"/> may start with the instance to call on.
    /// </summary>
    public static void CheckScalarGradient(CompiledAssembly code, string type, string method, double x, params object?[] rest)
    {
        var target = rest.Length > 0 && rest[0] is { } first && first.GetType().FullName == type ? first : null;
        var others = target is null ? rest : rest.Skip(1).ToArray();
        double F(double v) => (double)code.Call(type, method, target, [v, .. others])!;
        var (value, gradient) = ScalarWithGradient(code, type, method, target, [x, .. others]);
        SameBits(F(x), value, $"{type}.{method}");
        const double h = 1e-6;
        var expected = (F(x + h) - F(x - h)) / (2 * h);
        Assert.True(Math.Abs(expected - gradient) <= 1e-6 * (1 + Math.Abs(expected)), $"{type}.{method}: gradient {gradient}, finite differences {expected}");
    }

    public static void CheckTensorGradient(CompiledAssembly code, string type, string method, double[] x, params object?[] rest)
    {
        double F(double[] v) => ((Tensor)code.Call(type, method, null, [Tensor.FromArray(v), .. rest])!).Item<double>();
        var pair = code.Call(type, method + "WithGradient", null, [Tensor.FromArray(x), .. rest])!;
        var value = (Tensor)pair.GetType().GetField("Item1")!.GetValue(pair)!;
        var gradient = ((Tensor)pair.GetType().GetField("Item2")!.GetValue(pair)!).ToArray<double>();
        SameBits(F(x), value.Item<double>(), $"{type}.{method}");
        const double h = 1e-6;
        for (var i = 0; i < x.Length; i++)
        {
            var up = (double[])x.Clone();
            var down = (double[])x.Clone();
            up[i] += h;
            down[i] -= h;
            var expected = (F(up) - F(down)) / (2 * h);
            Assert.True(Math.Abs(expected - gradient[i]) <= 1e-6 * (1 + Math.Abs(expected)), $"{type}.{method}[{i}]: gradient {gradient[i]}, finite differences {expected}");
        }
    }

    /// <summary>WithGradient(...).Value is the method's own result bit for bit (Assert.Equal would let -0 pass for 0).</summary>
    public static void SameBits(double method, double withGradient, string what) =>
        Assert.True(
            BitConverter.DoubleToInt64Bits(method) == BitConverter.DoubleToInt64Bits(withGradient),
            $"{what}: WithGradient(...).Value {withGradient:R} but the method returns {method:R}");

    /// <summary>
    /// Code the generator cannot copy faithfully: one ADG0004 at the marked span that says what to write instead, and
    /// no compile error anywhere (no generated file is left that does not compile).
    /// </summary>
    public static void ExpectUnsupported(string marked, string what)
    {
        var (source, spans) = AnalyzerHarness.Markup(marked);
        var (_, output, generatorDiagnostics) = GeneratorHarness.Run(Library, source);
        Assert.Empty(generatorDiagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var diagnostics = output.WithAnalyzers(AnalyzerHarness.All).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("ADG0004", diagnostic.Id);
        Assert.Equal(spans.Single(), diagnostic.Location.SourceSpan);
        Assert.Contains(what, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}

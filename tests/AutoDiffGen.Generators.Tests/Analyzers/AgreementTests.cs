using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generators.Tests.Analyzers;

/// <summary>
/// The analyzers and the generator share one parser, so they must never disagree: the generator emits a method's
/// gradient exactly when the analyzers report no error for it, and the sample files give no diagnostics at all.
/// </summary>
public class AgreementTests
{
    public static TheoryData<string> Methods => new()
    {
        "[Differentiable] public static double F(double x) => x * x;",
        "[Differentiable] public static double F(double x, string s) => x * s.Length;",
        "[Differentiable] public static double F(double x, [NoDiff] string s) => x * s.Length;",
        "[Differentiable] public static double F(double x) => H(x);",
        "[Differentiable] public static double F(double x) { try { return x; } finally { } }",
        "[Differentiable] public static double F(double x) => Math.Floor(x) * x;",
        "[Differentiable] public static double F(double x, double y) => x;",
        "[Differentiable] public static double F([NoDiff] double x) => x;",
        "[Differentiable] public static double F(double x, double y) { Scale(ref y, x); return y; } [Differentiable] static void Scale(ref double v, double k) => v *= k;",
        "[Differentiable] public static double F(double x, double y) { var v = x; return Cap(ref v) + y; } [Differentiable] static double Cap(ref double v) { if (v > 1) { return v; } return v * 2; }",
        "[Differentiable] public static Tensor F(Tensor x) => (x * x.ArgMax()).Sum();",
        "[Differentiable] public static double F(double x) { Func<double> f = () => x; return f(); }",
        "[Differentiable] public static double F(double x, int n) { for (var i = 0; i < n; i++) { if (x > 1) { return x; } x = x * 2; } return x; }",
        "[Differentiable] public static Tensor F(Tensor x) { var m = Tensor.Zeros(3); var y = x * m; m.FillInPlace(1); return y.Sum(); }",
        "[Differentiable] public static Tensor F(Tensor x) { var m = Tensor.Zeros(3); m.FillInPlace(1); return (x * m).Sum(); }",
        "[Differentiable] public static Tensor F(Tensor x) { var y = x * 2; y.MulInPlace(x); return y.Sum(); }",
        "[Differentiable] public static double F(double x, int n) { for (var i = 0; i < n; i++) { if (i > 1) { if (x > 1) { break; } } x = x * 2; } return x; }",
        "[Differentiable] public static double F(double x) { Console.WriteLine(x); x++; return x * x; }",
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task The_generator_emits_exactly_when_the_analyzers_report_no_error(string method)
    {
        var source = "public static partial class C { static double H(double x) => x; " + method + " }";
        var (result, _, generatorDiagnostics) = GeneratorHarness.Run(GeneratorHarness.Usings, source);
        var analyzerDiagnostics = await AnalyzerHarness.RunAsync(source);
        var emitted = result.Results.Single().GeneratedSources.Any(s => s.HintName == "C.F.Gradient.g.cs");
        var errors = analyzerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.Empty(generatorDiagnostics);
        Assert.True(emitted == (errors.Count == 0), $"emitted: {emitted}; analyzer errors: {string.Join("; ", errors)}");
    }

    [Theory]
    [MemberData(nameof(RobustnessTests.SampleFiles), MemberType = typeof(RobustnessTests))]
    public async Task The_sample_files_give_no_diagnostics(string file)
    {
        var diagnostics = await AnalyzerHarness.RunAsync(GeneratorHarness.Sources(file));
        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Pragma_and_severity_options_apply_to_analyzer_diagnostics()
    {
        const string body = "public static partial class C { [Differentiable] public static double F(double x) => Math.Round(x) * x; }";
        var reported = await AnalyzerHarness.RunAsync(body);
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(reported, d => d.Id == "ADG0005").Severity);

        var suppressed = await AnalyzerHarness.RunAsync("#pragma warning disable ADG0005 // rounding on purpose\n" + body);
        Assert.DoesNotContain(suppressed, d => d.Id == "ADG0005");

        var (_, output, _) = GeneratorHarness.Run(GeneratorHarness.Usings, body);
        var escalated = output.WithOptions(output.Options.WithSpecificDiagnosticOptions([new("ADG0005", ReportDiagnostic.Error)]));
        var diagnostics = await escalated.WithAnalyzers(AnalyzerHarness.All).GetAnalyzerDiagnosticsAsync();
        Assert.Equal(DiagnosticSeverity.Error, Assert.Single(diagnostics, d => d.Id == "ADG0005").Severity);
    }
}

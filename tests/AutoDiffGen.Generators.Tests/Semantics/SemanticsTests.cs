using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generators.Tests.Semantics;

/// <summary>
/// The generated code computes what the method computes (issue 22). Each file under Semantics/Cases is a user's
/// source file as it stands (global namespace, its own usings, nothing implicit) holding
/// <c>[Differentiable] static double K.F(double x, double y)</c> and its first line says what must happen:
/// <list type="bullet">
/// <item><c>// expect: ok</c>: it builds with no error anywhere and no diagnostic of ours above a warning, and at
/// every point <c>FWithGradient(x, y).Value</c> equals <c>F(x, y)</c> bit for bit and the gradient equals central
/// finite differences of <c>F</c> itself (a second line <c>// points: x y; x y</c> replaces the default points);</item>
/// <item><c>// expect: ADG0004 `code` "fragment"</c>: exactly one error of ours, ADG0004 at the span <c>code</c> with
/// a message containing <c>fragment</c>, and no compile error anywhere (no generated file that does not compile);
/// several such expectations joined by <c> + </c> are the errors in source order (a construct reported both where it
/// is declared and where it is used).</item>
/// </list>
/// One file per construct, so a failure names the construct; the files are compiled here, never in this project.
/// </summary>
public class SemanticsTests
{
    private static readonly (double X, double Y)[] _points = [(0.7, 1.3), (-0.4, 2.1), (1.9, -0.6), (0.3, 0.45), (2.5, 1.1)];

    private static string CasesDirectory => Path.Combine(AppContext.BaseDirectory, "Semantics", "Cases");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(CasesDirectory, "*.cs").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Generated_code_computes_the_method(string name)
    {
        var source = File.ReadAllText(Path.Combine(CasesDirectory, name + ".cs"));
        var lines = source.Split('\n');
        var expect = lines[0].Trim();
        Assert.StartsWith("// expect: ", expect, StringComparison.Ordinal);
        var (result, output, generatorDiagnostics) = GeneratorHarness.Run(UserCode.Library, source);
        Assert.Empty(generatorDiagnostics);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + UserCode.Generated(result));
        var ours = (await output.WithAnalyzers(AnalyzerHarness.All).GetAnalyzerDiagnosticsAsync())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToList();
        var expected = expect["// expect: ".Length..];
        if (expected == "ok")
        {
            Assert.True(ours.TrueForAll(d => d.Severity != DiagnosticSeverity.Error), string.Join("\n", ours));
            var points = lines.Length > 1 && lines[1].StartsWith("// points: ", StringComparison.Ordinal)
                ? [.. lines[1]["// points: ".Length..].Split(';').Select(p => p.Trim().Split(' ')).Select(p => (Parse(p[0]), Parse(p[1])))]
                : _points;
            using var code = CompiledAssembly.Load(output);
            foreach (var (x, y) in points)
            {
                CheckPoint(code, x, y);
            }

            return;
        }

        // ADG0004 `code` "fragment"; several, in source order, joined by " + " (a construct reported at two places).
        var expectations = System.Text.RegularExpressions.Regex.Split(expected, "(?<=\") \\+ (?=ADG)");
        var reported = ours.Where(d => d.Severity == DiagnosticSeverity.Error).OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.True(reported.Count == expectations.Length, string.Join("\n", reported));
        foreach (var (expectation, diagnostic) in expectations.Zip(reported))
        {
            var id = expectation[..expectation.IndexOf(' ', StringComparison.Ordinal)];
            var span = expectation[(expectation.IndexOf('`', StringComparison.Ordinal) + 1)..expectation.LastIndexOf('`')];
            var fragment = expectation[(expectation.IndexOf('"', StringComparison.Ordinal) + 1)..expectation.LastIndexOf('"')];
            Assert.Equal(id, diagnostic.Id);
            Assert.Equal(span, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
            Assert.Contains(fragment, diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
    }

    private static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static void CheckPoint(CompiledAssembly code, double x, double y)
    {
        double F(double a, double b) => (double)code.Call("K", "F", null, a, b)!;
        var pair = code.Call("K", "FWithGradient", null, x, y)!;
        var value = (double)pair.GetType().GetField("Item1")!.GetValue(pair)!;
        var gradient = pair.GetType().GetField("Item2")!.GetValue(pair)!;
        var gx = (double)gradient.GetType().GetField("Item1")!.GetValue(gradient)!;
        var gy = (double)gradient.GetType().GetField("Item2")!.GetValue(gradient)!;

        // The method runs after its gradient too: a side effect (a static it changes) would show as a difference.
        UserCode.SameBits(F(x, y), value, $"at ({x}, {y})");
        const double h = 1e-6;
        var ex = (F(x + h, y) - F(x - h, y)) / (2 * h);
        var ey = (F(x, y + h) - F(x, y - h)) / (2 * h);
        Assert.True(Math.Abs(ex - gx) <= 1e-5 * (1 + Math.Abs(ex)), $"at ({x}, {y}): d/dx {gx}, finite differences {ex}");
        Assert.True(Math.Abs(ey - gy) <= 1e-5 * (1 + Math.Abs(ey)), $"at ({x}, {y}): d/dy {gy}, finite differences {ey}");
    }
}

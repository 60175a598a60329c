using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generators.Tests;

public class DiagnosticTests
{
    private static Diagnostic Single(string body, string id)
    {
        var (_, _, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Usings, body);
        var found = diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(found.Count == 1, $"expected one {id}, got: {string.Join("; ", diagnostics)}");
        return found[0];
    }

    [Fact]
    public void Non_partial_type_is_reported_on_the_method_name()
    {
        const string source = "public static class C { [Differentiable] public static double F(double x) => x * x; }";
        var d = Single(source, "ADG0001");
        Assert.Contains("'C' is not partial", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("F", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
    }

    [Fact]
    public void Call_without_a_derivative_names_the_callee_and_the_fix()
    {
        const string source = "public static partial class C { static double H(double x) => x; [Differentiable] public static double F(double x) => H(x) * 2; }";
        var d = Single(source, "ADG0003");
        Assert.Contains("C.H(double)", d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("[DerivativeOf(typeof(C), \"H\")]", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("H(x)", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
    }

    [Fact]
    public void A_user_rule_makes_the_call_differentiable()
    {
        const string source = """
            public static partial class C
            {
                public static double Cube(double x) => x * x * x;

                [DerivativeOf(typeof(C), nameof(Cube))]
                public static double CubeRule(double x, double result, double adjoint) => adjoint * 3 * x * x;

                [Differentiable]
                public static double F(double x) => Cube(x) + x;
            }
            """;
        var (result, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Usings, source);
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains("C.CubeRule(", result.Results.Single().GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_construct_and_result_type_are_reported()
    {
        var loop = Single("public static partial class C { [Differentiable] public static double F(double x, int n) { for (var i = 0; i < n; i++) { if (n > 1) { if (x > 10) { break; } } x = x * 2; } return x; } }", "ADG0004");
        Assert.Contains("break or continue", loop.GetMessage(), StringComparison.Ordinal);
        var nested = Single("public static partial class C { [Differentiable] public static double F(double x, int n) { for (var i = 0; i < n; i++) { if (x > 1) { return x; } x = x * 2; } return x; } }", "ADG0004");
        Assert.Contains("a return inside a loop", nested.GetMessage(), StringComparison.Ordinal);
        var guard = Single("public static partial class C { [Differentiable] public static double F(double x, int mode) { switch (mode) { case int m when m > 2: return x; default: return -x; } } }", "ADG0004");
        Assert.Contains("when guards", guard.GetMessage(), StringComparison.Ordinal);
        var type = Single("public static partial class C { [Differentiable] public static string F(double x) => x.ToString(); }", "ADG0002");
        Assert.Contains("'string'", type.GetMessage(), StringComparison.Ordinal);
    }
}

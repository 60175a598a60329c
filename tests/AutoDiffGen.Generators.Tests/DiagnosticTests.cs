using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generators.Tests;

public class DiagnosticTests
{
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
    public void The_generator_leaves_user_facing_rules_to_the_analyzers_and_emits_nothing_for_an_error()
    {
        // Reported once, by the analyzers; the generator only declines to emit the method.
        var (result, _, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Usings, "public static class C { [Differentiable] public static double F(double x) => x * x; }");
        Assert.Empty(diagnostics);
        Assert.Empty(result.Results.Single().GeneratedSources);
    }
}

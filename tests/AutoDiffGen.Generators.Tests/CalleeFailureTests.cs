using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// A [Differentiable] method whose callee cannot be generated gets a diagnostic naming the callee, not a generated
/// file that refers to the callee's missing WithPullback and Pullback type (CS0117/CS0426, found by the fuzzer).
/// </summary>
public class CalleeFailureTests
{
    private const string Source =
        """
        public static partial class Chain
        {
            [Differentiable]
            public static double M0(double x)
            {
                try { return x * x; }
                finally { }
            }

            [Differentiable]
            public static double M1(double x) => M0(x) + x;

            [Differentiable]
            public static double M2(double x) => 2 * M1(x);

            [Differentiable]
            public static double Fine(double x) => 3 * x;
        }
        """;

    [Fact]
    public void Callers_of_a_method_that_cannot_be_generated_get_a_diagnostic_and_no_code()
    {
        var (result, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Usings, Source);

        // The user's code compiles, and nothing generated refers to what was not generated.
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var hints = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Contains("Chain.Fine.Gradient.g.cs", hints);
        Assert.DoesNotContain("Chain.M0.Gradient.g.cs", hints);
        Assert.DoesNotContain("Chain.M1.Gradient.g.cs", hints);
        Assert.DoesNotContain("Chain.M2.Gradient.g.cs", hints);

        // One diagnostic per caller, at its call, naming the callee (M2 through M1: the failure propagates).
        var calls = diagnostics.Where(d => d.Id == "ADG0004").OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(2, calls.Count);
        // Generator diagnostics carry a file path and span (no tree): the spans are in Source1.cs, the class above.
        Assert.All(calls, d => Assert.Equal("Source1.cs", d.Location.GetLineSpan().Path));
        Assert.Equal("M0(x)", Source.Substring(calls[0].Location.SourceSpan.Start, calls[0].Location.SourceSpan.Length));
        Assert.Contains("'Chain.M0'", calls[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal("M1(x)", Source.Substring(calls[1].Location.SourceSpan.Start, calls[1].Location.SourceSpan.Length));
        Assert.Contains("'Chain.M1'", calls[1].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    /// <summary>
    /// A callee with an operation that has no derivative rule (ADG0003: an error found with the rules, after parsing)
    /// is not generated either, so its callers get the same diagnostic (found by the fuzzer: CS0426 'M0Pullback').
    /// </summary>
    [Fact]
    public void Callers_of_a_method_with_an_operation_without_a_rule_get_a_diagnostic_and_no_code()
    {
        const string source =
            """
            public static partial class NoRule
            {
                public static double Opaque(double a) => a * 2;

                [Differentiable]
                public static double G(double a, double b) => Opaque(a) + b;

                [Differentiable]
                public static double F(double x, double y) => G(x, y) * x;
            }
            """;
        var (result, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Usings, source);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var hints = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.DoesNotContain("NoRule.G.Gradient.g.cs", hints);
        Assert.DoesNotContain("NoRule.F.Gradient.g.cs", hints);
        var call = Assert.Single(diagnostics, d => d.Id == "ADG0004");
        Assert.Equal("G(x, y)", source.Substring(call.Location.SourceSpan.Start, call.Location.SourceSpan.Length));
        Assert.Contains("'NoRule.G'", call.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}

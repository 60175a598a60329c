using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// The generated reverse pass on bodies where a value may not reach the result on the path taken, and fusion next to
/// constants that read a value by name. Gradients themselves are checked against finite differences in
/// AutoDiffGen.Tests (Gradients/DeadPathTests).
/// </summary>
public class DeadPathEmissionTests
{
    /// <summary>The generated files by hint name, after checking that they compile with no diagnostic.</summary>
    private static Dictionary<string, string> Generate(string source)
    {
        var (result, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Usings, source);
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return result.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
    }

    [Fact]
    public void Fusion_keeps_a_value_that_a_condition_reads()
    {
        // The condition's text reads h: folding h into the fused Sum left 'h_' undeclared (CS0103).
        var text = Generate(
            """
            public static partial class C
            {
                [Differentiable]
                public static Tensor V1(Tensor a, int n)
                {
                    var h = (a * 2.0).Tanh();
                    if (h.Sum().Item<double>() > 0.2) { n = n + 1; }
                    return h.Sum();
                }
            }
            """)["C.V1.Gradient.g.cs"];
        Assert.Contains("h_ = __V1Fused1.Forward(a, ", text);
        Assert.Contains("(h_.Sum().Item<double>() > 0.2)", text);
    }

    [Fact]
    public void Fusion_keeps_a_value_that_a_detached_copy_reads()
    {
        var text = Generate(
            """
            public static partial class C
            {
                [Differentiable]
                public static Tensor D(Tensor a)
                {
                    var h = (a * 3.0).Sin();
                    var c = h.Detach();
                    return h.Sum() + c.Sum();
                }
            }
            """)["C.D.Gradient.g.cs"];
        Assert.Contains("h_ = __DFused1.Forward(a, ", text);
    }

    [Fact]
    public void With_branches_a_step_runs_only_when_its_adjoint_is_set()
    {
        var files = Generate(
            """
            public static partial class C
            {
                [Differentiable(Fuse = false)]
                public static Tensor T(Tensor v, int n)
                {
                    var h = v.Sin();
                    if (n > 0) { h = v.Tanh(); }
                    return h.Sum();
                }

                [Differentiable]
                public static double S(double x, int n)
                {
                    var z = x;
                    for (var i = 0; i < n; i++) { z = z * z; }
                    if (x > 0) { return 1.0; }
                    return z;
                }
            }
            """);
        var text = files["C.T.Gradient.g.cs"];
        var guard = text.IndexOf("if (_d_h_ is not null)", StringComparison.Ordinal);
        Assert.True(guard >= 0, text);
        Assert.True(text.IndexOf("TensorDerivatives.Sin(", guard, StringComparison.Ordinal) > guard, text);

        // h.Sum() after the if always runs on a path to the result: its step is not checked.
        Assert.Contains("TensorDerivatives.Sum(", text);
        Assert.DoesNotMatch(@"is not null\)\s*\{\s*var _g\w+ = global::AutoDiffGen\.Derivatives\.TensorDerivatives\.Sum\(", text);

        // z * z in the loop: its rule is skipped while its adjoint is zero (x > 0 returns the constant 1).
        Assert.Matches(@"if \(_d_\w+ != 0\)\s*\{\s*var \(_g\w+, _g\w+\) = global::AutoDiffGen\.Derivatives\.", files["C.S.Gradient.g.cs"]);
    }

    [Fact]
    public void Straight_line_code_has_no_adjoint_checks()
    {
        var files = Generate(
            """
            public static partial class C
            {
                [Differentiable]
                public static double F(double x, double y) => Math.Sin(x * y) + (x * x);

                [Differentiable(Fuse = false)]
                public static Tensor G(Tensor v) => (v.Sin() * v).Sum();
            }
            """);
        Assert.DoesNotMatch(@"_d_\w+ != 0\)", files["C.F.Gradient.g.cs"]);

        Assert.DoesNotMatch(@"_d_\w+ is not null\)", files["C.G.Gradient.g.cs"]);
    }
}

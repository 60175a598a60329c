using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generators.Tests.Analyzers;

/// <summary>
/// Reads of one element of a tuple or list an op returns (<c>x.Max(1).Values</c>, <c>x.Chunk(2)[i]</c>), creation
/// from a tensor's shape (<c>ZerosLike</c>, a constant), and a mask computed from x (<c>Where(x.Gt(0), …)</c>, not a
/// gradient stop since Where's mask gets no adjoint): no diagnostics, and the right rules in the generated code.
/// </summary>
public class OpElementTests
{
    private const string Source = """
        public static partial class C
        {
            [Differentiable]
            public static Tensor F(Tensor x, Tensor y) =>
                Tensor.Where(x.Gt(0.0), x, y).Sum() + x.Max(0).Values.Sum() + x.Min(1).Item1.Sum() + x.Chunk(2)[1].Sum()
                + (Tensor.ZerosLike(x) + Tensor.OnesLike(y)).Sum() + x.Sum().Item<double>();
        }
        """;

    [Fact]
    public void Element_reads_shape_only_creation_and_masks_generate_the_right_rule_calls()
    {
        var (result, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Usings, Source);
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var text = result.Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("x.Max(0).Values", text, StringComparison.Ordinal);
        Assert.Contains("SelectionDerivatives.MaxValues(", text, StringComparison.Ordinal);
        Assert.Contains("SelectionDerivatives.MinValues(", text, StringComparison.Ordinal);
        Assert.Contains("ViewDerivatives.Chunk(", text, StringComparison.Ordinal);
        Assert.Contains(".Item<double>()", text, StringComparison.Ordinal);

        // Constants: ZerosLike's rule and the mask's comparison never run backward.
        Assert.DoesNotContain("CreationDerivatives.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("StopDerivatives.Compare(", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ADG0003")]
    [InlineData("ADG0004")]
    [InlineData("ADG0005")]
    public async Task Element_reads_shape_only_creation_and_masks_are_not_reported(string id) =>
        await AnalyzerHarness.ExpectNoneAsync(id, Source);
}

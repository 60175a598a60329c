namespace AutoDiffGen.Generators.Tests.Analyzers;

/// <summary>Rules about a [Differentiable] method's declaration: ADG0001, ADG0002, ADG0010, and ref parameters (ADG0004).</summary>
public class DeclarationRuleTests
{
    [Fact]
    public async Task ADG0001_non_partial_type_is_reported_on_the_method_name()
    {
        await AnalyzerHarness.ExpectAsync(
            "ADG0001",
            "public static class C { [Differentiable] public static double [|F|](double x) => x * x; }",
            "'F' is [Differentiable] but its type 'C' is not partial");
    }

    [Fact]
    public async Task ADG0001_names_each_enclosing_type_that_is_not_partial()
    {
        var found = await AnalyzerHarness.ExpectAsync(
            "ADG0001",
            "public class Outer { public partial class Inner { [Differentiable] public static double [|F|](double x) => x * x; } }",
            "'Outer' is not partial");
        Assert.Single(found);
    }

    [Fact]
    public async Task ADG0001_not_reported_for_partial_types() =>
        await AnalyzerHarness.ExpectNoneAsync("ADG0001", "public partial class Outer { public static partial class C { [Differentiable] public static double F(double x) => x * x; } }");

    [Fact]
    public async Task ADG0002_result_of_a_type_with_no_derivative()
    {
        await AnalyzerHarness.ExpectAsync(
            "ADG0002",
            "public static partial class C { [Differentiable] public static [|int|] F(double x) => (int)x; }",
            "the result has type 'int', which has no derivative");
    }

    [Fact]
    public async Task ADG0002_parameter_of_a_class_type_needs_NoDiff()
    {
        await AnalyzerHarness.ExpectAsync(
            "ADG0002",
            "public static partial class C { [Differentiable] public static double F(double x, [|string label|]) => x * label.Length; }",
            "the parameter 'label' has type 'string'",
            "mark constants [NoDiff]");
    }

    [Fact]
    public async Task ADG0002_not_reported_for_NoDiff_plain_data_or_unselected_parameters()
    {
        await AnalyzerHarness.ExpectNoneAsync(
            "ADG0002",
            """
            public static partial class C
            {
                [Differentiable] public static double F(double x, [NoDiff] string label, int n, int[] powers, bool flag) => x * label.Length * n * powers[0];
                [Differentiable("x")] public static double G(double x, double[] data) => x * data[0];
            }
            """);
    }

    [Fact]
    public async Task ADG0004_ref_helper_that_returns_before_its_end()
    {
        // A helper with ref parameters is inlined where it is called, which needs a single return at its end.
        await AnalyzerHarness.ExpectAsync(
            "ADG0004",
            "public static partial class C { [Differentiable] public static double F(double x) { var v = x; return [|Cap(ref v)|] + v; } "
            + "[Differentiable] public static double Cap(ref double v) { if (v > 1) { return v; } v = v * 2; return v; } }",
            "which returns before its end");
    }

    [Fact]
    public async Task ADG0010_method_without_a_differentiable_parameter()
    {
        await AnalyzerHarness.ExpectAsync(
            "ADG0010",
            "public static partial class C { [Differentiable] public static double [|F|]([NoDiff] double x, int n) => x * n; }",
            "'F' is [Differentiable] but has no differentiable parameter");
    }

    [Fact]
    public async Task ADG0010_not_reported_when_one_parameter_is_differentiable() =>
        await AnalyzerHarness.ExpectNoneAsync("ADG0010", "public static partial class C { [Differentiable] public static double F([NoDiff] double x, double y) => x * y; }");
}

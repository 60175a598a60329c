namespace AutoDiffGen.Generators.Tests.Analyzers;

/// <summary>Rules about a [Differentiable] method's body: ADG0003, ADG0004, ADG0005, ADG0006.</summary>
public class BodyRuleTests
{
    [Fact]
    public async Task ADG0003_call_without_a_derivative_names_the_callee_and_the_fix()
    {
        await AnalyzerHarness.ExpectAsync(
            "ADG0003",
            "public static partial class C { static double H(double x) => x; [Differentiable] public static double F(double x) => [|H(x)|] * 2; }",
            "'F' calls 'C.H(double)', which has no derivative",
            "[DerivativeOf(typeof(C), \"H\")]");
    }

    [Fact]
    public async Task ADG0003_not_reported_for_a_differentiable_callee_a_rule_or_constant_arguments()
    {
        await AnalyzerHarness.ExpectNoneAsync(
            "ADG0003",
            """
            public static partial class C
            {
                static double H(double x) => x;
                [Differentiable] static double G(double x) => x * x;
                [Differentiable] public static double F(double x, [NoDiff] double c) => G(x) + Math.Sin(x) + H(c) * x;
            }
            """);
    }

    [Theory]
    [InlineData("{ [|goto|] end; end: return x; }", "goto")]
    [InlineData("{ [|try|] { return x * x; } finally { } }", "try/catch/finally")]
    [InlineData("{ [|lock|] (typeof(C)) { return x * x; } }", "lock")]
    [InlineData("{ Func<double, double> f = [|t => t * x|]; return f(2); }", "a lambda that captures the differentiable value 'x'")]
    [InlineData("{ double [|G|](double t) => t * x; return G(2); }", "the local function 'G', which captures the differentiable value 'x'")]
    [InlineData("{ [|s_total = x;|] return x; }", "a write to the field 's_total'")]
    public async Task ADG0004_unsupported_constructs_are_named_on_the_construct(string body, string what)
    {
        await AnalyzerHarness.ExpectAsync(
            "ADG0004",
            "public static partial class C { static double s_total; [Differentiable] public static double F(double x) " + body + " }",
            "'F' cannot be differentiated: " + what);
    }

    [Fact]
    public async Task ADG0004_stackalloc_and_unsafe_are_named()
    {
        await AnalyzerHarness.ExpectAsync(
            "ADG0004",
            "public static partial class C { [Differentiable] public static double F(double x) { Span<double> s = [|stackalloc double[2]|]; return x; } }",
            "stackalloc");
    }

    [Fact]
    public async Task ADG0004_lambdas_that_capture_no_differentiable_value_are_fine()
    {
        await AnalyzerHarness.ExpectNoneAsync(
            "ADG0004",
            "public static partial class C { [Differentiable] public static double F(double x, [NoDiff] double[] data) { var total = data.Select(v => v * 2).Sum(); return x * total; } }");
    }

    [Fact]
    public async Task ADG0005_cast_to_int_comparison_and_zero_rules_stop_the_gradient()
    {
        await AnalyzerHarness.ExpectAsync(
            "ADG0005",
            """
            public static partial class C
            {
                [Differentiable]
                public static double F(double x)
                {
                    var k = [|(int)x|];
                    var positive = [|x > 0|];
                    return [|Math.Floor(x)|] * k + (positive ? x : 0);
                }
            }
            """,
            "The gradient of 'F' stops at");
    }

    [Fact]
    public async Task ADG0005_tensor_ArgMax_is_reported_with_its_reason()
    {
        await AnalyzerHarness.ExpectAsync(
            "ADG0005",
            "public static partial class C { [Differentiable] public static Tensor F(Tensor x) => x * [|x.ArgMax()|]; }",
            "'Tensor.ArgMax' has a zero derivative");
    }

    [Fact]
    public async Task ADG0005_a_differentiable_value_passed_to_a_NoDiff_parameter_is_reported()
    {
        await AnalyzerHarness.ExpectAsync(
            "ADG0005",
            """
            public static partial class C
            {
                [Differentiable]
                static Tensor Scale(Tensor x, [NoDiff] Tensor by) => x * by;

                [Differentiable]
                public static Tensor F(Tensor x, Tensor w) => Scale(x, [|w * 2|]).Sum();
            }
            """,
            "it is passed to 'by' of 'C.Scale', which is [NoDiff]");
    }

    [Fact]
    public async Task ADG0005_data_or_a_detached_value_passed_to_a_NoDiff_parameter_is_silent()
    {
        await AnalyzerHarness.ExpectNoneAsync(
            "ADG0005",
            """
            public static partial class C
            {
                [Differentiable]
                static Tensor Scale(Tensor x, [NoDiff] Tensor by) => x * by;

                [Differentiable]
                public static Tensor F(Tensor x, Tensor w, [NoDiff] Tensor data) => Scale(x, w.Detach()).Sum() + Scale(x, data * 2).Sum() + Scale(w, data).Sum();
            }
            """);
    }

    [Fact]
    public async Task ADG0005_Detach_and_conditions_are_silent()
    {
        await AnalyzerHarness.ExpectNoneAsync(
            "ADG0005",
            """
            public static partial class C
            {
                [Differentiable]
                public static double F(double x, int n)
                {
                    var k = (int)Math.Round(x.Detach());
                    for (var i = 0; i < n && x < 10; i++) { x = x * 1.5; }
                    return x > 1 ? x * k : -x;
                }

                [Differentiable]
                public static Tensor G(Tensor x) => x * x.Detach().ArgMax();
            }
            """);
    }

    [Fact]
    public async Task ADG0006_parameter_the_result_does_not_depend_on()
    {
        await AnalyzerHarness.ExpectAsync(
            "ADG0006",
            "public static partial class C { [Differentiable] public static double F(double x, [|double y|]) { var z = y * 2; return x * x; } }",
            "The result of 'F' does not depend on 'y'");
    }

    [Fact]
    public async Task ADG0006_not_reported_when_every_parameter_reaches_the_result()
    {
        await AnalyzerHarness.ExpectNoneAsync(
            "ADG0006",
            "public static partial class C { [Differentiable] public static double F(double x, double y, int n) { for (var i = 0; i < n; i++) { x = x * y; } return x; } }");
    }
}

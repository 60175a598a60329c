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
    [InlineData("{ [|s_total = x;|] return x; }", "'s_total = x' writes the field 's_total'")]
    public async Task ADG0004_unsupported_constructs_are_named_on_the_construct(string body, string what)
    {
        await AnalyzerHarness.ExpectAsync(
            "ADG0004",
            "public static partial class C { static double s_total; [Differentiable] public static double F(double x) " + body + " }",
            "'F' cannot be differentiated: " + what);
    }

    [Theory]
    [InlineData("=> [|x % 2.0|];", "'x % 2.0' uses %", "write 'a - Math.Truncate((a / b).Detach()) * b' instead")]
    [InlineData("{ var n = 2; var a = new double[n]; [|a[0] = x;|] return a[0]; }", "'a[0] = x' writes an array element", "build the values as a Tensor instead")]
    [InlineData("{ Func<double, double> f = t => t * 2; return [|f(x)|]; }", "'f(x)' calls the delegate 'f'", "make the function a [Differentiable] method and call it by name")]
    [InlineData("{ Func<double, double> f = t => t * 2; [|f(x);|] return x; }", "'f(x)' calls the delegate 'f'", "make the function a [Differentiable] method")]
    [InlineData("=> [|(x, 2.0).Item1|] * 2;", "'(x, 2.0).Item1' is not supported on differentiable values")]
    public async Task ADG0004_messages_quote_the_code_and_say_what_to_write_instead(string body, params string[] parts)
    {
        var found = await AnalyzerHarness.ExpectAsync(
            "ADG0004",
            "public static partial class C { [Differentiable] public static double F(double x) " + body + " }",
            parts);
        var message = Assert.Single(found).GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotMatch("Expression|Statement'|Syntax", message);
    }

    [Fact]
    public async Task ADG0004_calling_a_delegate_is_not_ADG0003()
    {
        await AnalyzerHarness.ExpectNoneAsync(
            "ADG0003",
            "public static partial class C { [Differentiable] public static double F(double x) { Func<double, double> f = t => t * 2; return f(x); } }");
    }

    [Fact]
    public async Task ADG0004_in_place_change_of_a_differentiable_tensor_is_one_diagnostic()
    {
        var (source, _) = AnalyzerHarness.Markup("public static partial class C { [Differentiable] public static Tensor F(Tensor x) { var y = x * 2; y.MulInPlace(x); return y.Sum(); } }");
        var diagnostic = Assert.Single(await AnalyzerHarness.RunAsync(source));
        Assert.Equal("ADG0004", diagnostic.Id);
        Assert.Contains("'y.MulInPlace(x)' changes the differentiable tensor 'y' in place", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("write 'y = y * …' instead", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADG0007_is_the_only_diagnostic_of_an_in_place_mutation_it_reports()
    {
        const string source = "public static partial class C { [Differentiable] public static Tensor F(Tensor x) { var m = Tensor.Zeros(3); var y = x * m; m.FillInPlace(1); return y.Sum(); } }";
        var diagnostic = Assert.Single(await AnalyzerHarness.RunAsync(source));
        Assert.Equal("ADG0007", diagnostic.Id);
        var (result, _, _) = GeneratorHarness.Run(GeneratorHarness.Usings, source);
        Assert.Empty(result.Results.Single().GeneratedSources);
    }

    [Theory]
    [InlineData("public static Tensor F(Tensor x) { var m = Tensor.Zeros(3); m.FillInPlace(1); m[0] = Tensor.Scalar(2.0); return (x * m).Sum(); }")]
    [InlineData("public static double F(double x, int n) { System.Diagnostics.Debug.Assert(n > 0 && x > 0); Console.WriteLine(x); _ = x * 2; return x * n; }")]
    [InlineData("public static double F(double x) { x++; --x; return x * x; }")]
    [InlineData("public static double F(double x, int n) => n switch { > 0 when x > 1 => x * x, _ => -x };")]
    [InlineData("public static double F(double x, int n) { switch (n) { case > 0 when x > 1: return x; default: return -x; } }")]
    public async Task Statements_guards_and_increments_give_no_error_and_compile(string method)
    {
        var source = "public static partial class C { [Differentiable] " + method + " }";
        var all = await AnalyzerHarness.RunAsync(source);
        Assert.DoesNotContain(all, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        var (result, output, _) = GeneratorHarness.Run(GeneratorHarness.Usings, source);
        Assert.Single(result.Results.Single().GeneratedSources);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
    }

    [Fact]
    public async Task A_generic_method_is_one_ADG0004_on_its_type_parameters_and_its_callers_are_told_to_call_an_overload()
    {
        const string source = """
            public static partial class C
            {
                [Differentiable] public static T G<T>(T x) where T : System.Numerics.IFloatingPointIeee754<T> => x * x;
                [Differentiable] public static double F(double x) => G(x);
            }
            """;
        var all = await AnalyzerHarness.RunAsync(source);
        Assert.DoesNotContain(all, d => d.Id == "ADG0002");
        var errors = all.Where(d => d.Id == "ADG0004").Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, m => m.Contains("the generic method 'G<T>' is not supported", StringComparison.Ordinal) && m.Contains("write it for double", StringComparison.Ordinal));
        Assert.Contains(errors, m => m.StartsWith("'F' cannot be differentiated: 'G(x)' calls the generic [Differentiable] method 'G'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADG0005_casts_inline_stop_the_gradient()
    {
        await AnalyzerHarness.ExpectAsync(
            "ADG0005",
            "public static partial class C { [Differentiable] public static double F(double x) => ([|(int)x|] * x) + ((double)[|(int)x|] * x); }",
            "a cast to int is not differentiable");
        await AnalyzerHarness.ExpectNoneAsync(
            "ADG0004",
            "public static partial class C { [Differentiable] public static double F(double x) => ((int)x * x) + ((double)(int)x * x); }");
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

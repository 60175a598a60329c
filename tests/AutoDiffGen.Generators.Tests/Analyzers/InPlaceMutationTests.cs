namespace AutoDiffGen.Generators.Tests.Analyzers;

/// <summary>ADG0007: in-place mutation of a tensor the backward pass needs.</summary>
public class InPlaceMutationTests
{
    private const string Id = "ADG0007";

    private static string Method(string body, string parameters = "Tensor x") =>
        "public static partial class C { [Differentiable] public static Tensor F(" + parameters + ") { " + body + " } }";

    [Fact]
    public async Task Mutation_after_a_use_names_the_method_variable_call_use_and_fix()
    {
        var found = await AnalyzerHarness.ExpectAsync(
            Id,
            Method("var y = x.Exp(); x.[|MulInPlace|](2); return y * x;"),
            "'F' changes 'x' in place with 'MulInPlace'",
            "needs its earlier value for 'x.Exp()'",
            "('x = x * …')");
        Assert.Single(found);
    }

    [Fact]
    public async Task Use_by_an_operator_is_named()
    {
        await AnalyzerHarness.ExpectAsync(
            Id,
            Method("var h = x * 2; var y = a * h; h.[|AddInPlace|](1); return y + h;", "Tensor x, Tensor a"),
            "changes 'h' in place with 'AddInPlace'",
            "for 'a * h'",
            "('h = h + …')");
    }

    [Fact]
    public async Task The_earliest_use_is_named()
    {
        await AnalyzerHarness.ExpectAsync(
            Id,
            Method("var h = x * 2; var a = h.Sqrt(); var b = h * h; h.[|NegInPlace|](); return a + b;"),
            "for 'h.Sqrt()'",
            "('h = -h')");
    }

    [Fact]
    public async Task Use_inside_the_in_place_call_counts()
    {
        await AnalyzerHarness.ExpectAsync(
            Id,
            Method("var h = x * 2; h.[|AddInPlace|](h * h); return h;"),
            "for 'h * h'");
    }

    [Fact]
    public async Task Indexer_write_is_a_mutation()
    {
        await AnalyzerHarness.ExpectAsync(
            Id,
            Method("var h = x * 3; var y = h.Exp() * h; [|h[0]|] = Tensor.Scalar(0); return y;"),
            "changes 'h' in place with 'h[0] = …'",
            "for 'h.Exp()'",
            "('h = h.Clone(); h[…] = …')");
    }

    [Fact]
    public async Task Compound_indexer_write_is_a_mutation()
    {
        await AnalyzerHarness.ExpectAsync(
            Id,
            Method("var h = x * 3; var y = h * h; [|h[0, 1]|] += Tensor.Scalar(1); return y;"),
            "with 'h[0, 1] += …'",
            "for 'h * h'");
    }

    [Fact]
    public async Task Mutation_through_a_view_or_alias_is_reported()
    {
        await AnalyzerHarness.ExpectAsync(
            Id,
            Method("var h = x * 2; var y = h.Sqrt(); var row = h[0]; row.[|FillInPlace|](0); var t = h.T; t.[|ZeroInPlace|](); var g = h; g.[|CopyFrom|](x); return y;"),
            "for 'h.Sqrt()'");
    }

    [Fact]
    public async Task Mutation_in_a_loop_after_a_use_in_the_previous_iteration()
    {
        await AnalyzerHarness.ExpectAsync(
            Id,
            Method("var h = x.Clone(); var acc = Tensor.Zeros(3); for (var i = 0; i < n; i++) { h.[|MulInPlace|](2); acc = acc + h * x; } return acc;", "Tensor x, int n"),
            "changes 'h' in place with 'MulInPlace'",
            "for 'h * x'");
    }

    [Fact]
    public async Task Reassignment_on_only_one_branch_does_not_hide_the_use()
    {
        await AnalyzerHarness.ExpectAsync(
            Id,
            Method("var h = x * 2; var y = h.Exp(); if (c) { h = h * 2; } h.[|MulInPlace|](2); return y * h;", "Tensor x, bool c"),
            "for 'h.Exp()'");
    }

    [Fact]
    public async Task Use_on_a_branch_before_the_mutation_counts()
    {
        await AnalyzerHarness.ExpectAsync(
            Id,
            Method("var h = x * 2; var y = x; if (c) { y = h.Relu(); } h.[|SubInPlace|](1); return y + h;", "Tensor x, bool c"),
            "for 'h.Relu()'",
            "('h = h - …')");
    }

    [Fact]
    public async Task Differentiable_parameter_mutated_then_used_is_reported()
    {
        await AnalyzerHarness.ExpectAsync(
            Id,
            Method("x.[|MulInPlace|](2); return x.Exp();"),
            "changes 'x' in place with 'MulInPlace'",
            "for 'x.Exp()'");
    }

    [Fact]
    public async Task Expression_bodied_method_and_chained_calls()
    {
        await AnalyzerHarness.ExpectAsync(
            Id,
            "public static partial class C { [Differentiable] public static Tensor F(Tensor x) => x.Exp() + x.[|ExpInPlace|](); }",
            "for 'x.Exp()'",
            "('x = x.Exp()')");
    }

    [Fact]
    public async Task Each_mutation_is_reported()
    {
        await AnalyzerHarness.ExpectAsync(
            Id,
            Method("var h = x * 2; var y = h * x; h.[|AddInPlace|](1); h.[|ReluInPlace|](); return y;"),
            "for 'h * x'");
    }

    [Fact]
    public async Task Receiver_chosen_by_a_conditional_is_followed()
    {
        await AnalyzerHarness.ExpectAsync(
            Id,
            Method("var h = x * 2; var g = x * 3; var y = h.Exp(); (c ? g : h).[|DivInPlace|](c ? 2.0 : 3.0); return y;", "Tensor x, bool c"),
            "changes 'c ? g : h' in place with 'DivInPlace'",
            "for 'h.Exp()'");
    }

    [Fact]
    public async Task Parts_of_a_split_alias_the_tensor()
    {
        await AnalyzerHarness.ExpectAsync(
            Id,
            Method("var h = x * 2; var y = h * x; var parts = h.Split(1); for (var i = 0; i < parts.Length; i++) { parts[i].[|PowInPlace|](2); } return y;"),
            "changes 'parts' in place with 'PowInPlace'",
            "for 'h * x'",
            "('parts[i] = parts[i].Pow(…)')");
    }

    [Fact]
    public async Task Mutation_in_a_while_loop_after_a_use_later_in_the_body()
    {
        await AnalyzerHarness.ExpectAsync(
            Id,
            Method("var h = x * 1; var acc = x; var i = 0; while (i < n) { h.[|AddInPlace|](1); acc = acc * h; i++; } return acc;", "Tensor x, int n"),
            "for 'acc * h'");
    }

    [Fact]
    public async Task Conditional_access_call_is_reported_on_its_name()
    {
        await AnalyzerHarness.ExpectAsync(
            Id,
            Method("var h = x * 2; var y = h.Exp(); h?.[|ZeroInPlace|](); return y;"),
            "with 'ZeroInPlace'",
            "('h = Tensor.ZerosLike(h)')");
    }

    [Fact]
    public async Task Broken_code_and_lambdas_report_no_ADG0007_and_do_not_throw()
    {
        await AnalyzerHarness.ExpectNoneAsync(Id, Method("var y = x.Exp(); x.NoSuchInPlace(2); x[ = 1; return y"));
        await AnalyzerHarness.ExpectNoneAsync(Id, Method("Func<Tensor> f = () => x.Exp(); x.MulInPlace(2); return f();"));
    }

    [Fact]
    public async Task Fresh_tensor_filled_then_used_is_fine()
    {
        await AnalyzerHarness.ExpectNoneAsync(Id, Method("var m = Tensor.Zeros(3); m.FillInPlace(1); m[0] = Tensor.Scalar(2); return x * m;"));
    }

    [Fact]
    public async Task Method_without_Differentiable_is_not_checked()
    {
        await AnalyzerHarness.ExpectNoneAsync(Id, "public static partial class C { public static Tensor F(Tensor x) { var y = x.Exp(); x.MulInPlace(2); return y; } }");
    }

    [Fact]
    public async Task Mutation_after_reassignment_is_fine()
    {
        await AnalyzerHarness.ExpectNoneAsync(Id, Method("x = x * 2; x.AddInPlace(1); return x.Exp();"));
    }

    [Fact]
    public async Task Reassignment_on_every_branch_makes_a_fresh_tensor()
    {
        await AnalyzerHarness.ExpectNoneAsync(
            Id,
            Method("var h = x * 2; var y = h.Exp(); if (c) { h = h * 2; } else { h = h * 3; } h.MulInPlace(2); return y * h;", "Tensor x, bool c"));
    }

    [Fact]
    public async Task Loop_that_reassigns_before_mutating_is_fine()
    {
        await AnalyzerHarness.ExpectNoneAsync(
            Id,
            Method("var h = x; for (var i = 0; i < n; i++) { h = h * w; h.ReluInPlace(); var s = h * 2; } return h;", "Tensor x, Tensor w, int n"));
    }

    [Fact]
    public async Task Metadata_queries_are_not_uses()
    {
        await AnalyzerHarness.ExpectNoneAsync(
            Id,
            Method("var h = x * 2; var n = h.Shape; var d = h.Size(0) + h.Dim + h.NumElements; var s = h.ToString(); var close = h.AllClose(x); var v = h.Item<double>(); h.AddInPlace(d); return h * x;"));
    }

    [Fact]
    public async Task Views_alone_are_not_uses_and_uses_after_the_mutation_are_fine()
    {
        await AnalyzerHarness.ExpectNoneAsync(Id, Method("var h = x * 2; var t = h.T; h.AddInPlace(1); return t * x + h.Exp();"));
    }

    [Fact]
    public async Task NoDiff_parameter_mutated_before_any_use_is_fine()
    {
        await AnalyzerHarness.ExpectNoneAsync(Id, Method("w.MulInPlace(2); return x * w;", "Tensor x, [NoDiff] Tensor w"));
    }

    [Fact]
    public async Task NoDiff_parameter_mutated_after_a_use_is_reported()
    {
        await AnalyzerHarness.ExpectAsync(Id, Method("var y = x * w; w.[|MulInPlace|](2); return y;", "Tensor x, [NoDiff] Tensor w"), "for 'x * w'");
    }

    [Fact]
    public async Task Accumulating_into_a_fresh_tensor_is_fine()
    {
        await AnalyzerHarness.ExpectNoneAsync(
            Id,
            Method("var acc = Tensor.Zeros(3); for (var i = 0; i < n; i++) { acc.AddInPlace(x * w); } return acc;", "Tensor x, Tensor w, int n"));
    }
}

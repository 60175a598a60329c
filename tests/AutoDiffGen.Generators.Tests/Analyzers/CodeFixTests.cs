using AutoDiffGen.CodeFixes;

namespace AutoDiffGen.Generators.Tests.Analyzers;

/// <summary>Every code fix: the text before and after, and Fix All over several diagnostics and documents.</summary>
public class CodeFixTests
{
    [Fact]
    public async Task MakePartial_adds_partial_to_the_type_and_the_types_around_it()
    {
        const string before = """
            public class Outer
            {
                /// <summary>Holds F.</summary>
                public static class C
                {
                    [Differentiable]
                    public static double F(double x) => x * x;
                }
            }
            """;
        const string after = """
            public partial class Outer
            {
                /// <summary>Holds F.</summary>
                public static partial class C
                {
                    [Differentiable]
                    public static double F(double x) => x * x;
                }
            }
            """;
        Assert.Equal(after, (await CodeFixHarness.FixOneAsync(new MakePartialCodeFix(), before))[0]);
    }

    [Fact]
    public async Task MakePartial_on_a_type_without_modifiers_keeps_its_comment()
    {
        const string before = "// the model\nclass C\n{\n    [Differentiable]\n    static double F(double x) => x * x;\n}\n";
        const string after = "// the model\npartial class C\n{\n    [Differentiable]\n    static double F(double x) => x * x;\n}\n";
        Assert.Equal(after, (await CodeFixHarness.FixOneAsync(new MakePartialCodeFix(), before))[0]);
    }

    [Fact]
    public async Task MakePartial_fix_all_fixes_every_type_in_the_solution()
    {
        var fixedTexts = await CodeFixHarness.FixAllAsync(
            new MakePartialCodeFix(),
            "AutoDiffGen.MakePartial",
            "public static class A { [Differentiable] public static double F(double x) => x * x; [Differentiable] public static double G(double x) => x * 3; }",
            "public static class B { [Differentiable] public static double H(double x) => x * x; }");
        Assert.Equal("public static partial class A { [Differentiable] public static double F(double x) => x * x; [Differentiable] public static double G(double x) => x * 3; }", fixedTexts[0]);
        Assert.Equal("public static partial class B { [Differentiable] public static double H(double x) => x * x; }", fixedTexts[1]);
    }

    [Fact]
    public async Task MakePartial_fixes_a_model_and_the_types_around_it()
    {
        const string before = """
            public class Outer
            {
                /// <summary>A model.</summary>
                public sealed class Net : Module
                {
                    [Parameter] public Tensor Weight { get; } = Tensor.Zeros(2);
                }
            }
            """;
        const string after = """
            public partial class Outer
            {
                /// <summary>A model.</summary>
                public sealed partial class Net : Module
                {
                    [Parameter] public Tensor Weight { get; } = Tensor.Zeros(2);
                }
            }
            """;
        Assert.Equal(after, (await CodeFixHarness.FixOneAsync(new MakePartialCodeFix(), before))[0]);
    }

    [Fact]
    public async Task MakePartial_fix_all_fixes_models_and_differentiable_methods_together()
    {
        var fixedTexts = await CodeFixHarness.FixAllAsync(
            new MakePartialCodeFix(),
            "AutoDiffGen.MakePartial",
            "public class Outer { public sealed class A : Module { } public sealed class B : Module { [Differentiable] public Tensor F(Tensor x) => x * 2; } }",
            "class C : Module { }");
        Assert.Equal("public partial class Outer { public sealed partial class A : Module { } public sealed partial class B : Module { [Differentiable] public Tensor F(Tensor x) => x * 2; } }", fixedTexts[0]);
        Assert.Equal("partial class C : Module { }", fixedTexts[1]);
    }

    [Fact]
    public async Task AddNoDiff_marks_a_parameter_of_a_type_with_no_derivative()
    {
        var fixedText = await CodeFixHarness.FixOneAsync(
            new AddNoDiffCodeFix(),
            "public static partial class C { [Differentiable] public static double F(double x, string label) => x * label.Length; }");
        Assert.Equal("public static partial class C { [Differentiable] public static double F(double x, [NoDiff] string label) => x * label.Length; }", fixedText[0]);
    }

    [Fact]
    public async Task AddNoDiff_marks_a_parameter_the_result_does_not_depend_on()
    {
        var fixedText = await CodeFixHarness.FixOneAsync(
            new AddNoDiffCodeFix(),
            "public static partial class C { [Differentiable] public static double F(double x, double y) => x * x; }");
        Assert.Equal("public static partial class C { [Differentiable] public static double F(double x, [NoDiff] double y) => x * x; }", fixedText[0]);
    }

    [Fact]
    public async Task AddNoDiff_is_not_offered_for_a_result_type() =>
        Assert.False(await CodeFixHarness.OffersFixAsync(new AddNoDiffCodeFix(), "public static partial class C { [Differentiable] public static string F(double x) => x.ToString(); }"));

    [Fact]
    public async Task AddNoDiff_fix_all_marks_every_parameter()
    {
        var fixedText = await CodeFixHarness.FixAllAsync(
            new AddNoDiffCodeFix(),
            "AutoDiffGen.AddNoDiff",
            "public static partial class C { [Differentiable] public static double F(double x, string a, object b) => x * a.Length * b.GetHashCode(); [Differentiable] public static double G(double x, double u, Tensor v) => x; }");
        Assert.Equal("public static partial class C { [Differentiable] public static double F(double x, [NoDiff] string a, [NoDiff] object b) => x * a.Length * b.GetHashCode(); [Differentiable] public static double G(double x, [NoDiff] double u, [NoDiff] Tensor v) => x; }", fixedText[0]);
    }

    [Fact]
    public async Task MarkDifferentiable_marks_the_callee_in_another_document()
    {
        var fixedTexts = await CodeFixHarness.FixOneAsync(
            new MarkDifferentiableCodeFix(),
            "public static partial class C { [Differentiable] public static double F(double x) => Helpers.Square(x) + 1; }",
            "public static partial class Helpers\n{\n    /// <summary>x².</summary>\n    public static double Square(double x) => x * x;\n}\n");
        Assert.Equal("public static partial class Helpers\n{\n    /// <summary>x².</summary>\n    [Differentiable]\n    public static double Square(double x) => x * x;\n}\n", fixedTexts[1]);
    }

    [Fact]
    public async Task MarkDifferentiable_is_not_offered_for_a_method_in_a_compiled_assembly() =>
        Assert.False(await CodeFixHarness.OffersFixAsync(new MarkDifferentiableCodeFix(), "public static partial class C { [Differentiable] public static double F(double x) => Math.ScaleB(x, 2); }"));

    [Fact]
    public async Task MarkDifferentiable_fix_all_marks_each_callee_once()
    {
        var fixedTexts = await CodeFixHarness.FixAllAsync(
            new MarkDifferentiableCodeFix(),
            "AutoDiffGen.MarkDifferentiable",
            """
            public static partial class C
            {
                public static double Square(double x) => x * x;

                [Differentiable]
                public static double F(double x) => Square(x) + Cube(x) + Square(2 * x);

                public static double Cube(double x) => x * x * x;
            }
            """);
        Assert.Equal(
            """
            public static partial class C
            {
                [Differentiable]
                public static double Square(double x) => x * x;

                [Differentiable]
                public static double F(double x) => Square(x) + Cube(x) + Square(2 * x);

                [Differentiable]
                public static double Cube(double x) => x * x * x;
            }
            """,
            fixedTexts[0]);
    }
}

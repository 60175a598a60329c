namespace AutoDiffGen.UserLayout.Tests;

/// <summary>How a markdown block is placed in the user project, and how build errors are traced to units (no build).</summary>
public sealed class PlacementTests
{
    [Fact]
    public void A_block_keeps_its_text_with_types_at_file_scope_and_statements_in_a_method()
    {
        const string code = "using AutoDiffGen;\n\npublic static partial class Ex\n{\n    [Differentiable] public static double L(double w) => w * w;\n}\n\nvar (l, dw) = Ex.LWithGradient(4.0);   // l = 16\n";
        var sample = new MarkdownSample("README.md", 20, "Sample_README_1", code, "Tensor w", null);
        var (source, types) = MarkdownSamples.Place(sample);
        Assert.Contains("public static partial class Ex\n{\n    [Differentiable] public static double L(double w) => w * w;\n}\n", source, StringComparison.Ordinal);
        Assert.Contains("public static void Run(Tensor w)\n    {\n\nvar (l, dw) = Ex.LWithGradient(4.0);   // l = 16\n    }", source, StringComparison.Ordinal);
        Assert.True(source.IndexOf("using AutoDiffGen;", StringComparison.Ordinal) < source.IndexOf("class Ex", StringComparison.Ordinal));
        Assert.Equal(["Ex"], types);
    }

    [Fact]
    public void Top_level_methods_go_into_a_partial_class_and_a_missing_using_is_added()
    {
        var sample = new MarkdownSample("diagnostics.md", 3, "Sample_diagnostics_2", "[Differentiable] public static double F(double x) => x * x;\n", null, null);
        var (source, types) = MarkdownSamples.Place(sample);
        Assert.Contains("using AutoDiffGen;", source, StringComparison.Ordinal);
        Assert.Contains("public static partial class Sample_diagnostics_2_Members\n{\n[Differentiable] public static double F(double x) => x * x;\n}", source, StringComparison.Ordinal);
        Assert.Equal(["Sample_diagnostics_2_Members"], types);
    }

    [Fact]
    public void Build_errors_are_traced_to_their_unit_through_generated_file_names()
    {
        const string output = """
            /tmp/x/Lib/obj/Release/net10.0/generated/AutoDiffGen.Generators/AutoDiffGen.Generators.DifferentiableGenerator/Fz0012.M1.Gradient.g.cs(19,43): error CS0103: The name 'Math' does not exist in the current context [/tmp/x/Lib/UserLib.csproj]
            /tmp/x/App/Sample_README_1.cs(8,1): error ADG0004: 'L' cannot be differentiated [/tmp/x/App/UserApp.csproj]
            /tmp/x/App/obj/Release/net10.0/generated/AutoDiffGen.Generators/AutoDiffGen.Generators.DifferentiableGenerator/Examples.L.Gradient.g.cs(3,1): error CS1002: ; expected [/tmp/x/App/UserApp.csproj]
            """;
        using var build = new UserBuild();
        build.TypeUnits["Examples"] = "Sample_README_1";
        var errors = UserBuild.ParseErrors(output);
        Assert.Equal(3, errors.Count);
        Assert.Equal(["Fz0012", "Sample_README_1", "Sample_README_1"], errors.Select(e => build.UnitOf(e.File)));
        Assert.Equal([true, false, true], errors.Select(e => e.InGeneratedFile));
        Assert.Equal(19, errors[0].Line);
        Assert.Equal("CS0103", errors[0].Code);
    }
}

using System.Globalization;

namespace AutoDiffGen.Generators.Tests.Analyzers;

/// <summary>Rules about models (classes deriving from Module): ADG0011 (not partial) and ADG0012 ([Parameter] on a member that is not a Tensor).</summary>
public class ModelRuleTests
{
    [Fact]
    public async Task ADG0011_model_that_is_not_partial_is_reported_on_its_name()
    {
        var found = await AnalyzerHarness.ExpectAsync(
            "ADG0011",
            "public sealed class [|Net|] : Module { [Parameter] public Tensor Weight { get; } = Tensor.Zeros(2); }");
        Assert.Equal(
            "'Net' derives from Module but the generator cannot add to it: add the partial modifier to 'Net' so it can write the model's Parameters() and Gradient type",
            Assert.Single(found).GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ADG0011_names_the_enclosing_types_that_are_not_partial_in_one_diagnostic()
    {
        Assert.Single(await AnalyzerHarness.ExpectAsync(
            "ADG0011",
            "public class Outer { public sealed partial class [|Net|] : Module { } }",
            "'Outer.Net' derives from Module",
            "add the partial modifier to 'Outer' so"));
        Assert.Single(await AnalyzerHarness.ExpectAsync(
            "ADG0011",
            "public class Outer { public class Middle { public sealed class [|Net|] : Module { } } }",
            "'Outer.Middle.Net' derives from Module",
            "add the partial modifier to 'Outer', 'Middle' and 'Net' so"));
    }

    [Fact]
    public async Task ADG0011_model_deriving_from_an_abstract_base_is_reported_but_the_base_is_not()
    {
        await AnalyzerHarness.ExpectAsync(
            "ADG0011",
            """
            public abstract class Base : Module { [Parameter] public Tensor Scale { get; } = Tensor.Ones(1); }
            public sealed class [|Net|] : Base { }
            """,
            "'Net' derives from Module");
    }

    [Fact]
    public async Task ADG0011_class_inheriting_a_model_reported_only_when_it_adds_members()
    {
        // The partial base's generated VisitMembers serves a derived class that adds nothing; a child it adds would be missed.
        const string model = "public partial class Net : Module { [Parameter] public Tensor Weight { get; } = Tensor.Zeros(2); }\n";
        await AnalyzerHarness.ExpectNoneAsync("ADG0011", model + "public sealed class Plain : Net { public int Size => 3; }");
        await AnalyzerHarness.ExpectAsync("ADG0011", model + "public sealed class [|Wider|] : Net { public Linear Head { get; } = new Linear(2, 2); }", "'Wider'");
    }

    [Fact]
    public async Task ADG0011_not_reported_for_partial_models_abstract_bases_hand_written_modules_or_other_classes()
    {
        await AnalyzerHarness.ExpectNoneAsync(
            "ADG0011",
            """
            public partial class Outer
            {
                public sealed partial class Net : Module { [Parameter] public Tensor Weight { get; } = Tensor.Zeros(2); }
            }

            public abstract class Base : Module { }

            // Like Sequential: a module that lists its children itself needs no generated members.
            public sealed class Chain : Module
            {
                private readonly Module[] _layers = [new Linear(2, 2), new ReLU()];

                protected override void VisitMembers(ModuleVisitor visitor)
                {
                    for (var i = 0; i < _layers.Length; i++)
                    {
                        visitor.Module(i.ToString(System.Globalization.CultureInfo.InvariantCulture), _layers[i]);
                    }
                }
            }

            public sealed class Holder { public Linear Layer { get; } = new Linear(2, 2); }
            """);
    }

    [Fact]
    public async Task The_repository_models_give_no_model_diagnostics_and_each_is_caught_without_partial()
    {
        var source = GeneratorHarness.Sources("Models.cs");
        var diagnostics = await AnalyzerHarness.RunAsync(source);
        Assert.DoesNotContain(diagnostics, d => d.Id is "ADG0011" or "ADG0012");

        var stripped = source.Replace("sealed partial class", "sealed class", StringComparison.Ordinal);
        var reported = (await AnalyzerHarness.RunAsync(stripped)).Where(d => d.Id == "ADG0011").Select(d => stripped.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        Assert.Equal(["Mlp", "Scaled", "Stacked"], reported);
    }

    [Theory]
    [InlineData("[[|Parameter|]] public double Scale = 1.0;", "'Scale' is marked [Parameter] but has type 'double', so it is not a parameter")]
    [InlineData("[[|Parameter|]] public Tensor[] Weights { get; } = [];", "'Weights' is marked [Parameter] but has type 'Tensor[]'")]
    [InlineData("[[|Parameter|]] public Linear Head { get; } = new Linear(2, 2);", "has type 'Linear'")]
    [InlineData("[[|Parameter|]] public static Tensor Shared { get; } = Tensor.Zeros(2);", "'Shared' is marked [Parameter] but is static")]
    [InlineData("[[|Parameter|]] public Tensor Sink { set { } }", "'Sink' is marked [Parameter] but has no getter")]
    public async Task ADG0012_parameter_attribute_on_a_member_the_generator_skips(string member, string message)
    {
        await AnalyzerHarness.ExpectAsync(
            "ADG0012",
            "public sealed partial class Net : Module { " + member + " }",
            message,
            "only Tensor instance fields and properties can be parameters (child modules need no attribute)");
    }

    [Fact]
    public async Task ADG0012_not_reported_for_tensor_instance_fields_and_properties()
    {
        await AnalyzerHarness.ExpectNoneAsync(
            "ADG0012",
            """
            public sealed partial class Net : Module
            {
                [Parameter] public Tensor Weight { get; } = Tensor.Zeros(2);
                [Parameter] public Tensor? Bias;
                [Parameter] private readonly Tensor _scale = Tensor.Ones(1);
                [Buffer] public Tensor Count { get; } = Tensor.Zeros(1);
                public Linear Head { get; } = new Linear(2, 2);
                public double Rate = 0.1;
            }
            """);
    }
}

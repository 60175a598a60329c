using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generators.Tests;

public class IncrementalTests
{
    private const string Method = """
        namespace Demo;
        public static partial class F
        {
            [Differentiable]
            public static double G(double x, double y) => Math.Sin(x) * y;
        }
        """;

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached()
    {
        var compilation = GeneratorHarness.Compile(GeneratorHarness.Usings, Method, "namespace Demo; public class Other { public int A => 1; }");
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);

        var other = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(other, CSharpSyntaxTree.ParseText("namespace Demo; public class Other { public int A => 2; public int B => 3; }", GeneratorHarness.ParseOptions, other.FilePath));
        var run = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertSteps(run, "Methods", IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertSteps(run, "Gradients", IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o =>
            Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void Editing_the_method_regenerates_it()
    {
        var compilation = GeneratorHarness.Compile(GeneratorHarness.Usings, Method);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(Method.Replace("Math.Sin(x)", "Math.Cos(x)"), GeneratorHarness.ParseOptions, tree.FilePath));
        var run = driver.RunGenerators(edited).GetRunResult().Results.Single();
        Assert.Contains(run.TrackedSteps["Gradients"].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("Cos", run.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    private const string Model = """
        namespace Demo;
        public sealed partial class Net : Module
        {
            public Linear Fc { get; } = new(3, 2);
            [Parameter] public Tensor Scale { get; } = Tensor.Ones(2);

            [Differentiable]
            public Tensor Forward(Tensor x) => Fc.Forward(x) * Scale;

            [Differentiable]
            public static Tensor Loss(Net model, [NoDiff] Tensor x) => model.Forward(x).Sum();

            [TrainingStep(nameof(Loss))]
            public static partial Tensor Step(Net model, Sgd optimizer, Tensor x);
        }
        """;

    [Fact]
    public void An_unrelated_edit_leaves_models_and_training_steps_cached()
    {
        var compilation = GeneratorHarness.Compile(GeneratorHarness.Usings, Model, "namespace Demo; public class Other { public int A => 1; }");
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        Assert.Equal(4, driver.GetRunResult().Results.Single().GeneratedSources.Length);

        var other = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(other, CSharpSyntaxTree.ParseText("namespace Demo; public class Other { public int A => 2; }", GeneratorHarness.ParseOptions, other.FilePath));
        var run = driver.RunGenerators(edited).GetRunResult().Results.Single();
        AssertSteps(run, "Modules", IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertSteps(run, "TrainingSteps", IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o =>
            Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void Adding_a_parameter_regenerates_the_models_members()
    {
        var compilation = GeneratorHarness.Compile(GeneratorHarness.Usings, Model);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Last();
        var changed = Model.Replace("[Parameter] public Tensor Scale { get; } = Tensor.Ones(2);", "[Parameter] public Tensor Scale { get; } = Tensor.Ones(2);\n    [Parameter] public Tensor Shift { get; } = Tensor.Zeros(2);");
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(changed, GeneratorHarness.ParseOptions, tree.FilePath));
        var run = driver.RunGenerators(edited).GetRunResult().Results.Single();
        Assert.Contains(run.TrackedSteps["Modules"].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("visitor.Parameter(\"shift\", this.Shift);", run.GeneratedSources.Single(s => s.HintName == "Net.Module.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    private static void AssertSteps(GeneratorRunResult run, string step, params IncrementalStepRunReason[] allowed)
    {
        var outputs = run.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Contains(o.Reason, allowed));
    }
}

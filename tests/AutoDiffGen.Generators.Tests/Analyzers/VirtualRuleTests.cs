using System.Globalization;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generators.Tests.Analyzers;

/// <summary>
/// ADG0014 ([Differentiable] methods an override can replace, and calls to them), and the members generated for
/// models that inherit from models: they compile without hiding warnings and nothing is generated for a rejected method.
/// </summary>
public class VirtualRuleTests
{
    private const string BaseModel = """
        public partial class Base : Module
        {
            [Parameter] public Tensor W { get; } = Tensor.Ones([3, 3]);

        """;

    [Fact]
    public async Task ADG0014_virtual_method_and_its_override_are_reported_and_get_no_generated_members()
    {
        var marked = BaseModel + """
                [Differentiable] public virtual Tensor [|Forward|](Tensor x) => Tensor.MatMul(x, W);
            }

            public sealed partial class Derived : Base
            {
                [Parameter] public Tensor V { get; } = Tensor.Ones([3]);
                [Differentiable] public override Tensor [|Forward|](Tensor x) => Tensor.MatMul(x, W) * V;
            }
            """;
        var found = await AnalyzerHarness.ExpectAsync("ADG0014", marked, "Its gradient is bound at compile time", "make the method non-virtual or seal the override");
        Assert.Equal(
            "'Forward' cannot be differentiated: it is virtual. Its gradient is bound at compile time, so it would differentiate one body while an override runs another; make the method non-virtual or seal the override (or the class), or put the computation that differs per model in a child module.",
            found[0].GetMessage(CultureInfo.InvariantCulture));
        Assert.Contains("it overrides the [Differentiable] method 'Base.Forward'", found[1].GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);

        // The generator writes nothing for them: no CS0108 (hidden ForwardWithGradient) in generated code.
        var (source, _) = AnalyzerHarness.Markup(marked);
        var (result, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Usings, source);
        Assert.Empty(diagnostics);
        Assert.DoesNotContain(result.Results.Single().GeneratedSources, s => s.HintName.Contains("Forward", StringComparison.Ordinal));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public async Task ADG0014_abstract_method_and_an_unsealed_override_are_reported()
    {
        await AnalyzerHarness.ExpectAsync(
            "ADG0014",
            """
            public abstract partial class Shape : Module
            {
                [Differentiable] public abstract Tensor [|Forward|](Tensor x);
            }
            """,
            "it is abstract");
        await AnalyzerHarness.ExpectAsync(
            "ADG0014",
            BaseModel + """
                public virtual Tensor Forward(Tensor x) => Tensor.MatMul(x, W);
            }

            public partial class Derived : Base
            {
                [Differentiable] public override Tensor [|Forward|](Tensor x) => Tensor.MatMul(x, W).Tanh();
            }
            """,
            "it is an override that is not sealed, so a derived class can override it again");
    }

    [Fact]
    public async Task ADG0014_not_reported_for_a_sealed_override_which_callers_differentiate()
    {
        var source = BaseModel + """
                public virtual Tensor Forward(Tensor x) => Tensor.MatMul(x, W);
            }

            public partial class Sealed : Base
            {
                [Differentiable] public sealed override Tensor Forward(Tensor x) => Tensor.MatMul(x, W).Tanh();
            }

            public sealed partial class InSealedClass : Base
            {
                [Differentiable] public override Tensor Forward(Tensor x) => Tensor.MatMul(x, W).Exp();
            }

            public static partial class Losses2
            {
                [Differentiable] public static Tensor Loss(Sealed model, [NoDiff] Tensor x) => model.Forward(x).Sum();
                [Differentiable] public static Tensor Other(InSealedClass model, [NoDiff] Tensor x) => model.Forward(x).Sum();
            }
            """;
        var all = await AnalyzerHarness.RunAsync(source);
        Assert.True(all.All(d => d.Severity != DiagnosticSeverity.Error), string.Join("; ", all));
        var (_, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Usings, source);
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public async Task ADG0014_call_to_a_virtual_method_is_reported_at_the_call()
    {
        await AnalyzerHarness.ExpectAsync(
            "ADG0014",
            BaseModel + """
                [Differentiable] public virtual Tensor [|Forward|](Tensor x) => Tensor.MatMul(x, W);
                [Differentiable] public static Tensor Loss(Base model, [NoDiff] Tensor x) => [|model.Forward(x)|].Sum();
            }
            """,
            "cannot be differentiated");
        var found = await AnalyzerHarness.RunAsync(BaseModel + """
                [Differentiable] public virtual Tensor Forward(Tensor x) => Tensor.MatMul(x, W);
                [Differentiable] public static Tensor Loss(Base model, [NoDiff] Tensor x) => model.Forward(x).Sum();
            }
            """);
        Assert.Contains(found, d => d.GetMessage(CultureInfo.InvariantCulture).StartsWith("'Loss' cannot be differentiated: it calls 'Base.Forward', which is virtual.", StringComparison.Ordinal));
    }

    [Fact]
    public void Methods_of_the_same_name_on_each_level_get_new_and_compile_without_hiding_warnings()
    {
        var source = BaseModel + """
                [Differentiable] public Tensor Forward(Tensor x) => Tensor.MatMul(x, W);
                [Differentiable] public static Tensor Loss(Base model, [NoDiff] Tensor x) => model.Forward(x).Sum();
            }

            public partial class Derived : Base
            {
                [Parameter] public Tensor V { get; } = Tensor.Ones([3]);
                [Differentiable] public new Tensor Forward(Tensor x) => base.Forward(x) * V;
                [Differentiable] public static Tensor Loss(Derived model, [NoDiff] Tensor x) => model.Forward(x).Sum();
            }

            public sealed partial class Top : Derived
            {
                [Differentiable] public static Tensor Loss(Top model, [NoDiff] Tensor x, [NoDiff] double scale) => model.Forward(x).Sum() * scale;
            }
            """;
        var (result, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Usings, source);
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var derived = result.Results.Single().GeneratedSources.Single(s => s.HintName == "Derived.Forward.Gradient.g.cs").SourceText.ToString();
        Assert.Contains("public new (", derived, StringComparison.Ordinal);
        Assert.Contains("public new readonly struct ForwardPullback", derived, StringComparison.Ordinal);
        var top = result.Results.Single().GeneratedSources.Single(s => s.HintName == "Top.Loss.Gradient.g.cs").SourceText.ToString();
        Assert.Contains("public static (", top, StringComparison.Ordinal);
        Assert.Contains("public new readonly struct LossPullback", top, StringComparison.Ordinal);
    }
}

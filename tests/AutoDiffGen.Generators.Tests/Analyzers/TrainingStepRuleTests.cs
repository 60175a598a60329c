namespace AutoDiffGen.Generators.Tests.Analyzers;

/// <summary>ADG0013: [TrainingStep] declarations the generator cannot implement, each with what to do.</summary>
public class TrainingStepRuleTests
{
    private const string Loss = """
        public static partial class T
        {
            [Differentiable] public static Tensor Loss(Tensor w, [NoDiff] Tensor x) => (x * w).Sum();
            [Differentiable] public static double Scalar(double a, [NoDiff] Tensor x) => a * a;
        """;

    [Fact]
    public async Task A_step_without_an_optimizer_parameter() =>
        await AnalyzerHarness.ExpectAsync(
            "ADG0013",
            Loss + "[TrainingStep(nameof(Loss))] public static partial Tensor [|Step|](Tensor w, Tensor x); }",
            "The [TrainingStep] method 'Step' cannot be generated: add a parameter for the optimizer");

    [Fact]
    public async Task Parameters_that_differ_from_the_loss() =>
        await AnalyzerHarness.ExpectAsync(
            "ADG0013",
            Loss + "[TrainingStep(nameof(Loss))] public static partial Tensor [|Step|](Tensor x, Sgd opt); }",
            "must be those of 'T.Loss' in order: (AutoDiffGen.Tensor w, AutoDiffGen.Tensor x)");

    [Fact]
    public async Task A_loss_that_does_not_exist() =>
        await AnalyzerHarness.ExpectAsync(
            "ADG0013",
            Loss + "[TrainingStep(\"Los\")] public static partial void [|Step|](Tensor w, Tensor x, Sgd opt); }",
            "'T' has no [Differentiable] method named 'Los'");

    [Fact]
    public async Task A_scalar_parameter_cannot_be_stepped() =>
        await AnalyzerHarness.ExpectAsync(
            "ADG0013",
            Loss + "[TrainingStep(nameof(Scalar))] public static partial double [|Step|](double a, Tensor x, Adam opt); }",
            "optimizers update tensors, but 'a' of 'Scalar' is double");

    [Fact]
    public async Task A_step_with_a_body() =>
        await AnalyzerHarness.ExpectAsync(
            "ADG0013",
            Loss + "[TrainingStep(nameof(Loss))] public static Tensor [|Step|](Tensor w, Tensor x, Sgd opt) => w; }",
            "declare it as a partial method without a body");

    [Fact]
    public async Task A_matching_step_is_not_reported() =>
        await AnalyzerHarness.ExpectNoneAsync(
            "ADG0013",
            Loss + "[TrainingStep(nameof(Loss))] public static partial Tensor Step(Sgd opt, Tensor w, Tensor x); [TrainingStep(typeof(T), nameof(Loss))] public static partial void Step2(Tensor w, Tensor x, Optimizer opt); }");

    [Fact]
    public void A_matching_step_is_generated_and_compiles()
    {
        var (_, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Usings, Loss + "[TrainingStep(nameof(Loss))] public static partial Tensor Step(Sgd opt, Tensor w, Tensor x); }");
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
    }
}

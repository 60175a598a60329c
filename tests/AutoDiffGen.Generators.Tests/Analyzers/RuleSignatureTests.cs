namespace AutoDiffGen.Generators.Tests.Analyzers;

/// <summary>ADG0009: [DerivativeOf] rules whose signature does not fit their original.</summary>
public class RuleSignatureTests
{
    private const string Original = "public static double Cube(double x) => x * x * x; public static double Mix(double x, double y, int n) => x * y * n;"
        + " public static (double V, int I) Pick(double x) => (x, 0); public static double[] Parts(double x) => new[] { x };";

    [Theory]
    [InlineData("[[|DerivativeOf(typeof(C), nameof(Cube))|]] public static double R(float x, float result, float adjoint) => 0;", "no overload of 'Cube' takes (float)")]
    [InlineData("[[|DerivativeOf(typeof(C), nameof(Cube))|]] public static double R(double x, double adjoint) => 0;", "no overload of 'Cube' takes ()")]
    [InlineData("[[|DerivativeOf(typeof(C), nameof(Cube))|]] public double R(double x, double result, double adjoint) => 0;", "a rule must be a static method")]
    [InlineData("[[|DerivativeOf(typeof(C), \"Cub\")|]] public static double R(double x, double result, double adjoint) => 0;", "'C' has no method named 'Cub'")]
    [InlineData("[[|DerivativeOf(typeof(C), nameof(Cube))|]] public static float R(double x, double result, double adjoint) => 0;", "it must return the adjoints of the differentiable parameters in order: 'double', not 'float'")]
    [InlineData("[[|DerivativeOf(typeof(C), nameof(Mix))|]] public static double R(double x, double y, int n, double result, double adjoint) => 0;", "'(double, double)', not 'double'")]
    [InlineData("[[|DerivativeOf(typeof(C), nameof(Mix), Argument = 3)|]] public static double R(double x, double y, int n, double result, double adjoint) => 0;", "Argument = 3 is out of range")]
    [InlineData("[[|DerivativeOf(typeof(C), nameof(Pick), Element = \"W\")|]] public static double R(double x, double result, double adjoint) => 0;", "Element = \"W\" names no element of the tuple 'Pick' returns")]
    [InlineData("[[|DerivativeOf(typeof(C), nameof(Pick), Element = \"I\")|]] public static double R(double x, double result, double adjoint) => 0;", "both of type 'int'")]
    [InlineData("[[|DerivativeOf(typeof(C), nameof(Parts), Element = \"[]\")|]] public static double R(double x, long i, double result, double adjoint) => 0;", "the parameter after the original's must be the int index")]
    public async Task Mismatched_rules_say_what_the_signature_must_be(string rule, string message)
    {
        await AnalyzerHarness.ExpectAsync("ADG0009", "public static partial class C { " + Original + " " + rule + " }", message);
    }

    [Fact]
    public async Task Matching_rules_are_accepted()
    {
        await AnalyzerHarness.ExpectNoneAsync(
            "ADG0009",
            "public static partial class C { " + Original + """
                [DerivativeOf(typeof(C), nameof(Cube))] public static double R1(double x, double result, double adjoint) => adjoint * 3 * x * x;
                [DerivativeOf(typeof(C), nameof(Mix))] public static (double X, double Y) R2(double x, double y, int n, double result, double adjoint) => (adjoint * y * n, adjoint * x * n);
                [DerivativeOf(typeof(C), nameof(Mix), Argument = 1)] public static double R3(double x, double y, int n, double result, double adjoint) => adjoint * x * n;
                [DerivativeOf(typeof(C), nameof(Mix))] public static double R4(double x, [NoDiff] double y, int n, double result, double adjoint) => adjoint * y * n;
                [DerivativeOf(typeof(double), "op_Modulus")] public static (double A, double B) R5(double a, double b, double result, double adjoint) => (adjoint, 0);
                [DerivativeOf(typeof(C), nameof(Pick), Element = "V")] public static double R6(double x, double result, double adjoint) => adjoint;
                [DerivativeOf(typeof(C), nameof(Parts), Element = "[]")] public static double R7(double x, int i, double result, double adjoint) => adjoint;
            }
            """);
    }
}

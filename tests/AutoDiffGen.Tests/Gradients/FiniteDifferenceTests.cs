namespace AutoDiffGen.Tests.Gradients;

/// <summary>Generated gradients against central finite differences in float64 on seeded inputs.</summary>
public class FiniteDifferenceTests
{
    private static double Central(Func<double, double> f, double x)
    {
        var h = 1e-6 * Math.Max(1, Math.Abs(x));
        return (f(x + h) - f(x - h)) / (2 * h);
    }

    private static void AssertGradient(double analytic, double numeric) =>
        Assert.True(Math.Abs(analytic - numeric) <= 1e-6 + (1e-6 * Math.Abs(numeric)), $"analytic {analytic}, numeric {numeric}");

    [Fact]
    public void Block_body_with_reassignment_compound_assignment_and_constants()
    {
        var rng = new System.Random(1);
        for (var trial = 0; trial < 25; trial++)
        {
            var a = (rng.NextDouble() * 4) - 2;
            var b = (rng.NextDouble() * 4) - 2;
            var (value, (da, db)) = TutorialFunctions.BlockyWithGradient(a, b, 1.5, 3);
            SameValue.Bits(TutorialFunctions.Blocky(a, b, 1.5, 3), value);
            AssertGradient(da, Central(x => TutorialFunctions.Blocky(x, b, 1.5, 3), a));
            AssertGradient(db, Central(y => TutorialFunctions.Blocky(a, y, 1.5, 3), b));
        }
    }

    [Fact]
    public void Float_functions_through_MathF()
    {
        var rng = new System.Random(2);
        for (var trial = 0; trial < 25; trial++)
        {
            var x = (float)((rng.NextDouble() * 4) - 2);
            var y = (float)((rng.NextDouble() * 4) - 2);
            var (value, (dx, dy)) = TutorialFunctions.SmoothWithGradient(x, y);
            SameValue.Bits(TutorialFunctions.Smooth(x, y), value);
            double F(double u, double v) => Math.Tanh(u * v) + Math.Sqrt((u * u) + 1) + (v / 2);
            Assert.Equal(Central(u => F(u, y), x), dx, 3e-5);
            Assert.Equal(Central(v => F(x, v), y), dy, 3e-5);
        }
    }

    [Fact]
    public void Squares_and_cubic_everywhere()
    {
        var rng = new System.Random(3);
        for (var trial = 0; trial < 25; trial++)
        {
            var w = (rng.NextDouble() * 10) - 5;
            var x = (rng.NextDouble() * 10) - 5;
            var (l, (dw, dx)) = TutorialFunctions.LWithGradient(w, x);
            SameValue.Bits(TutorialFunctions.L(w, x), l);
            AssertGradient(dw, Central(u => TutorialFunctions.L(u, x), w));
            AssertGradient(dx, Central(u => TutorialFunctions.L(w, u), x));
            var (cubic, dc) = TutorialFunctions.CubicWithGradient(x);
            SameValue.Bits(TutorialFunctions.Cubic(x), cubic);
            AssertGradient(dc, Central(TutorialFunctions.Cubic, x));
            var positive = Math.Abs(x) + 0.1;
            var (logCube, dl) = TutorialFunctions.LogCubeWithGradient(positive);
            SameValue.Bits(TutorialFunctions.LogCube(positive), logCube);
            AssertGradient(dl, Central(TutorialFunctions.LogCube, positive));
        }
    }
}

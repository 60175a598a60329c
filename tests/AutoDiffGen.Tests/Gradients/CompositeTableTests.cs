using System.Reflection;

namespace AutoDiffGen.Tests.Gradients;

public class CompositeTableTests
{
    public static TheoryData<string> Methods()
    {
        var data = new TheoryData<string>();
        foreach (var method in typeof(CompositeTable).GetMethods(BindingFlags.Public | BindingFlags.Static))
        {
            if (method.GetCustomAttribute<DifferentiableAttribute>() is not null && method.GetParameters().Length == 2)
            {
                data.Add(method.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Generated_gradient_matches_central_differences(string name)
    {
        var f = typeof(CompositeTable).GetMethod(name)!;
        var g = typeof(CompositeTable).GetMethod(name + "WithGradient")!;
        double F(double a, double b) => (double)f.Invoke(null, [a, b])!;
        var rng = new System.Random(name.Length * 7919);
        var checkedPoints = 0;
        for (var trial = 0; trial < 20; trial++)
        {
            var a = (rng.NextDouble() * 3) - 1.5;
            var b = (rng.NextDouble() * 3) - 1.5;
            var (value, (da, db)) = ((double, (double, double)))g.Invoke(null, [a, b])!;
            Assert.Equal(F(a, b), value, 10);
            var h = 1e-6;
            var na = (F(a + h, b) - F(a - h, b)) / (2 * h);
            var nb = (F(a, b + h) - F(a, b - h)) / (2 * h);

            // Piecewise functions: skip points where a kink lies within the step (the two sides disagree).
            var kink = Math.Abs(((F(a + h, b) - F(a, b)) / h) - ((F(a, b) - F(a - h, b)) / h)) > 1e-3
                || Math.Abs(((F(a, b + h) - F(a, b)) / h) - ((F(a, b) - F(a, b - h)) / h)) > 1e-3;
            if (kink)
            {
                continue;
            }

            Assert.True(Math.Abs(da - na) <= 1e-6 + (1e-5 * Math.Abs(na)), $"{name}({a}, {b}): d/da analytic {da}, numeric {na}");
            Assert.True(Math.Abs(db - nb) <= 1e-6 + (1e-5 * Math.Abs(nb)), $"{name}({a}, {b}): d/db analytic {db}, numeric {nb}");
            checkedPoints++;
        }

        Assert.True(checkedPoints >= 10, $"{name}: only {checkedPoints} smooth points checked");
    }

    [Fact]
    public void The_table_has_enough_methods() => Assert.True(Methods().Count >= 25);
}

using ScottPlot;
using Samples.Common;

namespace Tour;

/// <summary>
/// The tutorial's gradient descent on y = 0.1x³ − 0.8x² − 1.5x + 5.4 from x = 12 with step 0.1, using the generated
/// derivative; the plot shows the curve, each step's point and the tangent line the step followed.
/// </summary>
internal static class CubicDescent
{
    /// <summary>Runs 200 steps; prints the first few and the end; returns the trajectory (x₀ … x₂₀₀).</summary>
    public static double[] Run(TextWriter output)
    {
        output.WriteLine("Gradient descent on the cubic from x = 12, step 0.1:");
        var path = new double[201];
        path[0] = 12.0;
        for (var step = 0; step < 200; step++)
        {
            var (_, slope) = Functions.CubicWithGradient(path[step]);
            path[step + 1] = path[step] - (0.1 * slope);
        }

        var first = string.Join(" → ", path.Take(6).Select(Autograd.F));
        var end = path[^1];
        output.WriteLine($"  x: {first} → … → {Autograd.F(end)}, f(x) = {Autograd.F(Functions.Cubic(end))}");
        output.WriteLine();
        return path;
    }

    /// <summary>Draws the curve, the visited points and the tangents of the first steps into <paramref name="path"/>.</summary>
    public static string Plot(double[] trajectory, string path)
    {
        using var plot = new Plot();
        var xs = Enumerable.Range(0, 301).Select(i => -4 + (i * 17.0 / 300)).ToArray();
        var curve = plot.Add.ScatterLine(xs, xs.Select(Functions.Cubic).ToArray());
        curve.LegendText = "f(x) = 0.1x³ − 0.8x² − 1.5x + 5.4";
        curve.LineWidth = 2;

        // The tangent at each of the first steps: the line the step slides down.
        for (var i = 0; i < 6; i++)
        {
            var x0 = trajectory[i];
            var (y0, slope) = Functions.CubicWithGradient(x0);
            var tangent = plot.Add.Line(x0 - 1, y0 - slope, x0 + 1, y0 + slope);
            tangent.Color = Colors.DimGray;
            tangent.LineWidth = 1.5f;
            tangent.LegendText = i == 0 ? "tangent at each of the first steps" : string.Empty;
            tangent.LinePattern = LinePattern.Dashed;
        }

        var visited = trajectory.Take(40).ToArray();
        var points = plot.Add.Scatter(visited, visited.Select(Functions.Cubic).ToArray());
        points.LegendText = "x after each step (first 40)";
        points.LineWidth = 1;
        points.MarkerSize = 7;
        points.Color = Colors.OrangeRed;

        plot.Title("Gradient descent on the cubic, step 0.1");
        plot.XLabel("x");
        plot.YLabel("f(x)");
        plot.Axes.SetLimits(-4, 13, -25, 50);
        plot.ShowLegend(Alignment.UpperLeft);
        return Plots.SavePng(plot, path);
    }
}

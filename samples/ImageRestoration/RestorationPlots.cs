using System.Globalization;
using ScottPlot;
using Samples.Common;

namespace ImageRestoration;

/// <summary>The loss curves of both phases.</summary>
internal static class RestorationPlots
{
    /// <summary>Distance per step for calibration and restoration, on a log scale.</summary>
    public static string Losses(double[] calibration, double[] restoration, string path)
    {
        using var plot = new Plot();
        Add(plot, calibration, "calibration: scrambler(chart) vs scrambled chart");
        Add(plot, restoration, "restoration: scrambled candidate vs scrambled picture");
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = y => Math.Pow(10, y).ToString("G3", CultureInfo.InvariantCulture),
        };
        plot.Title("Image restoration: Dist per step (Adam)");
        plot.XLabel("step");
        plot.YLabel("distance (log scale)");
        plot.ShowLegend(Alignment.UpperRight);
        return Plots.SavePng(plot, path);
    }

    private static void Add(Plot plot, double[] losses, string label)
    {
        var steps = Enumerable.Range(1, losses.Length).Select(s => (double)s).ToArray();
        var line = plot.Add.ScatterLine(steps, losses.Select(l => Math.Log10(Math.Max(l, 1e-12))).ToArray());
        line.LineWidth = 2;
        line.LegendText = label;
    }
}

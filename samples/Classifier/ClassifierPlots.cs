using ScottPlot;
using Samples.Common;

namespace Classifier;

/// <summary>Training curves as PNG files.</summary>
internal static class ClassifierPlots
{
    /// <summary>Every step's training loss, and the test loss after each epoch.</summary>
    public static string Loss(IReadOnlyList<EpochStats> history, string path)
    {
        using var plot = new Plot();
        var steps = new List<double>();
        var losses = new List<double>();
        for (var e = 0; e < history.Count; e++)
        {
            var batches = history[e].BatchLosses;
            for (var b = 0; b < batches.Length; b++)
            {
                steps.Add(e + ((b + 1) / (double)batches.Length));
                losses.Add(batches[b]);
            }
        }

        var train = plot.Add.ScatterLine(steps.ToArray(), losses.ToArray());
        train.LegendText = "training loss (each step)";
        train.Color = Colors.SteelBlue.WithAlpha(0.6);
        var test = plot.Add.Scatter(Epochs(history), history.Select(h => h.TestLoss).ToArray());
        test.LegendText = "test loss (after each epoch)";
        test.LineWidth = 2;
        test.MarkerSize = 8;
        test.Color = Colors.OrangeRed;
        plot.Title("Cross-entropy loss");
        plot.XLabel("epoch");
        plot.YLabel("loss");
        plot.ShowLegend(Alignment.UpperRight);
        return Plots.SavePng(plot, path);
    }

    /// <summary>Training (sampled) and test accuracy after each epoch.</summary>
    public static string Accuracy(IReadOnlyList<EpochStats> history, string path)
    {
        using var plot = new Plot();
        var train = plot.Add.Scatter(Epochs(history), history.Select(h => 100 * h.TrainAccuracy).ToArray());
        train.LegendText = "training accuracy (every 10th batch)";
        train.LineWidth = 2;
        var test = plot.Add.Scatter(Epochs(history), history.Select(h => 100 * h.TestAccuracy).ToArray());
        test.LegendText = "test accuracy";
        test.LineWidth = 2;
        test.Color = Colors.OrangeRed;
        plot.Title("Accuracy");
        plot.XLabel("epoch");
        plot.YLabel("accuracy (%)");
        plot.ShowLegend(Alignment.LowerRight);
        return Plots.SavePng(plot, path);
    }

    private static double[] Epochs(IReadOnlyList<EpochStats> history) => [.. Enumerable.Range(1, history.Count).Select(e => (double)e)];
}

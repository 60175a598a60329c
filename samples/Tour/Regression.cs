using System.Globalization;
using AutoDiffGen;
using ScottPlot;
using Samples.Common;

namespace Tour;

/// <summary>What the regression found: SGD's line, the exact least-squares line and the loss after each epoch.</summary>
public sealed record RegressionResult(float[] X, float[] Y, double Weight, double Bias, double ExactWeight, double ExactBias, double[] Losses);

/// <summary>
/// The tutorial's linear regression, y ≈ 2x on five noisy points: SGD on the generated gradient of the MSE, then the
/// same line solved exactly with the normal equations, θ = (XᵀX)⁻¹Xᵀy, to check where SGD should end.
/// </summary>
internal static class Regression
{
    public static RegressionResult Run(TextWriter output)
    {
        output.WriteLine("Linear regression y ≈ 2x, SGD with lr 1e-3 for 1001 epochs:");
        Tensor.ManualSeed(0);
        var data = Tensor.Arange(5).To(DType.Float32).Unsqueeze(1);
        var labels = (2 * data) + Tensor.Rand(5, 1);
        var weight = Tensor.Randn(1, 1);
        var bias = Tensor.Randn(1);
        var optimizer = new Sgd([weight, bias], lr: 1e-3);
        var losses = new double[1001];
        for (var epoch = 0; epoch <= 1000; epoch++)
        {
            var (loss, (gw, gb)) = Functions.LossWithGradient(weight, bias, data, labels);
            optimizer.Step(gw, gb);                                       // updates weight and bias in place
            losses[epoch] = loss.Item<float>();
            if (epoch % 100 == 0)
            {
                output.WriteLine($"  epoch {epoch,4}: loss {losses[epoch].ToString("F4", CultureInfo.InvariantCulture)}");
            }
        }

        output.WriteLine($"  w = {weight}, b = {bias}");

        // Least squares in closed form: a column of ones next to x makes the bias the second unknown.
        var design = Tensor.Cat([data, Tensor.Ones(5, 1)], 1);
        var theta = design.T.Mm(design).Inverse().Mm(design.T).Mm(labels);
        output.WriteLine($"  normal equations (XᵀX)⁻¹Xᵀy: [w, b] = {theta.View(2)}, the line SGD is heading for");
        output.WriteLine();

        var exact = theta.ToArray<float>();
        return new RegressionResult(
            data.ToArray<float>(), labels.ToArray<float>(), weight.Item<float>(), bias.Item<float>(), exact[0], exact[1], losses);
    }

    /// <summary>The loss after each epoch (log scale: the tail would be flat on a linear axis).</summary>
    public static string PlotLoss(RegressionResult result, string path)
    {
        using var plot = new Plot();
        var epochs = Enumerable.Range(0, result.Losses.Length).Select(e => (double)e).ToArray();
        var line = plot.Add.ScatterLine(epochs, result.Losses.Select(Math.Log10).ToArray());
        line.LineWidth = 2;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = y => Math.Pow(10, y).ToString("G3", CultureInfo.InvariantCulture),
        };
        plot.Title("Linear regression: MSE per epoch (SGD, lr 1e-3)");
        plot.XLabel("epoch");
        plot.YLabel("loss (log scale)");
        return Plots.SavePng(plot, path);
    }

    /// <summary>The data with SGD's line and the exact least-squares line.</summary>
    public static string PlotFit(RegressionResult result, string path)
    {
        using var plot = new Plot();
        var points = plot.Add.ScatterPoints(result.X.Select(v => (double)v).ToArray(), result.Y.Select(v => (double)v).ToArray());
        points.MarkerSize = 10;
        points.LegendText = "data: y = 2x + U[0, 1)";
        var fitted = plot.Add.Line(-0.5, (-0.5 * result.Weight) + result.Bias, 4.5, (4.5 * result.Weight) + result.Bias);
        fitted.LineWidth = 2;
        fitted.LegendText = string.Create(CultureInfo.InvariantCulture, $"SGD: y = {result.Weight:F3}x + {result.Bias:F3}");
        var exact = plot.Add.Line(-0.5, (-0.5 * result.ExactWeight) + result.ExactBias, 4.5, (4.5 * result.ExactWeight) + result.ExactBias);
        exact.LinePattern = LinePattern.Dashed;
        exact.LineWidth = 2;
        exact.Color = Colors.Black;
        exact.LegendText = string.Create(CultureInfo.InvariantCulture, $"normal equations: y = {result.ExactWeight:F3}x + {result.ExactBias:F3}");
        plot.Title("Linear regression: the fitted line");
        plot.XLabel("x");
        plot.YLabel("y");
        plot.ShowLegend(Alignment.UpperLeft);
        return Plots.SavePng(plot, path);
    }
}

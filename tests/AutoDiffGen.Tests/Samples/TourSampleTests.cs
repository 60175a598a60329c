using Tour;

namespace AutoDiffGen.Tests.Samples;

/// <summary>The tour runs whole, prints the tutorials' figures and writes its three plots.</summary>
public sealed class TourSampleTests
{
    [Fact]
    public void TheTourPrintsTheTutorialFiguresAndWritesItsPlots()
    {
        using var output = new SampleOutput();
        var text = new StringWriter();
        var result = TourSample.Run(new TourOptions(output.Directory), text);

        var printed = text.ToString();
        Assert.Contains("dl/dw = 72, dl/dx = 24", printed, StringComparison.Ordinal);
        Assert.Contains("dz/dx = 0.6, dz/dy = 0.008", printed, StringComparison.Ordinal);
        var inverse = printed[printed.IndexOf("A.Inverse().Mm(b)", StringComparison.Ordinal)..];
        Assert.Matches(@"^[^\n]*\n[^\n]*-0\.6667[^\n]*\n[^\n]*4\.6667", inverse);

        // The tutorial's descent: 12 → 9.75 → … → 6.147.
        Assert.Equal(9.75, result.CubicTrajectory[1], 10);
        Assert.Equal(6.1468, result.CubicTrajectory[^1], 4);

        // The normal equations give the least-squares line: its residual is orthogonal to x and to the ones column.
        // (Exact figures depend on the process-wide generator, which tests running in parallel also draw from.)
        var regression = result.Regression;
        var residuals = regression.X.Zip(regression.Y, (x, y) => (regression.ExactWeight * x) + regression.ExactBias - y).ToArray();
        Assert.Equal(0, residuals.Sum(), 3);
        Assert.Equal(0, residuals.Zip(regression.X, (r, x) => r * x).Sum(), 3);
        var exactLoss = residuals.Average(r => r * r);
        Assert.True(regression.Losses[^1] >= exactLoss - 1e-5, $"SGD's loss {regression.Losses[^1]} is not below the least-squares loss {exactLoss}");
        Assert.True(regression.Losses[^1] < regression.Losses[0], "the loss falls");

        output.AssertPngs(result.Plots, "cubic-descent.png", "regression-loss.png", "regression-fit.png");
    }
}

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

        // SGD ends on the least-squares line that the normal equations give in closed form.
        var regression = result.Regression;
        Assert.Equal(regression.ExactWeight, regression.Weight, 0.01);
        Assert.Equal(regression.ExactBias, regression.Bias, 0.02);
        Assert.True(regression.Losses[^1] < regression.Losses[0] / 100, "the loss falls");

        output.AssertPngs(result.Plots, "cubic-descent.png", "regression-loss.png", "regression-fit.png");
    }
}

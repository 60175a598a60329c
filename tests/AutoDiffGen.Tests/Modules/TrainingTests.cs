using System.Diagnostics;
using AutoDiffGen.Probe;

namespace AutoDiffGen.Tests.Modules;

/// <summary>Models learn, and the same seed gives the same weights in one process and in two.</summary>
public sealed class TrainingTests
{
    [Fact]
    public void AnMlpLearnsASeparableProblemTo99Percent()
    {
        // One labelling map for both sets: 4,096 points to train on, 1,024 held out.
        var (all, labels) = SeededTraining.Data(5120, 8, 4, 0.3, new Generator(3));
        var model = SeededTraining.Train(3, 600, all.Narrow(0, 0, 4096), labels.Narrow(0, 0, 4096));
        var accuracy = SeededTraining.Accuracy(model, all.Narrow(0, 4096, 1024), labels.Narrow(0, 4096, 1024));
        Assert.True(accuracy >= 0.99, $"held-out accuracy {accuracy:P2}");
    }

    [Fact]
    public void TheSameSeedGivesBitIdenticalWeightsTwiceInAProcess()
    {
        var first = SeededTraining.Run(42, 100);
        Assert.Equal(first, SeededTraining.Run(42, 100));
        Assert.NotEqual(first, SeededTraining.Run(43, 100));
    }

    [Fact]
    public void TheSameSeedGivesBitIdenticalWeightsInTwoProcesses()
    {
        var inProcess = SeededTraining.Run(42, 100);
        Assert.Equal(inProcess, RunProbe(42, 100));
        Assert.Equal(inProcess, RunProbe(42, 100));
    }

    private static string RunProbe(long seed, int steps)
    {
        var probe = Path.Combine(AppContext.BaseDirectory, "AutoDiffGen.Probe.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "exec", probe, seed.ToString(System.Globalization.CultureInfo.InvariantCulture), steps.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the probe finished");
        Assert.True(process.ExitCode == 0, "probe failed: " + error.Result);
        return output.Result.Trim();
    }
}

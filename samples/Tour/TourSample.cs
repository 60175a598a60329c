using Samples.Common;

namespace Tour;

/// <summary>What the tour needs: where its plots go.</summary>
/// <param name="OutputDirectory">The folder for the PNG plots (made if missing).</param>
public sealed record TourOptions(string OutputDirectory)
{
    /// <summary>The default folder: <c>./out/tour</c>.</summary>
    public static TourOptions Default { get; } = new(Path.Combine("out", "tour"));
}

/// <summary>What the tour computed, for tests and for whoever calls it as a library.</summary>
public sealed record TourResult(double[] CubicTrajectory, RegressionResult Regression, IReadOnlyList<string> Plots);

/// <summary>The tour, section by section: the PyTorch tensor tutorial, then autograd, descent and regression with plots.</summary>
public static class TourSample
{
    /// <summary>Runs every section, printing to <paramref name="output"/> and writing the plots.</summary>
    public static TourResult Run(TourOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("AutoDiffGen tour — tensor basics and autograd, as in the PyTorch tutorials");
        output.WriteLine();

        var basics = new TensorBasics(output);
        basics.Create();
        basics.Inspect();
        basics.Arithmetic();
        basics.ReshapeAndIndex();
        basics.Reduce();
        basics.TypesAndDevices();
        basics.LinearAlgebra();
        basics.Reproducibility();
        Autograd.Run(output);
        var trajectory = CubicDescent.Run(output);
        var regression = Regression.Run(output);

        output.WriteLine("== Plots ==");
        string[] plots =
        [
            CubicDescent.Plot(trajectory, Path.Combine(options.OutputDirectory, "cubic-descent.png")),
            Regression.PlotLoss(regression, Path.Combine(options.OutputDirectory, "regression-loss.png")),
            Regression.PlotFit(regression, Path.Combine(options.OutputDirectory, "regression-fit.png")),
        ];
        foreach (var plot in plots)
        {
            output.WriteLine($"  wrote {plot}");
        }

        output.WriteLine();
        output.WriteLine("Done. Next: dotnet run --project samples/ImageRestoration, then samples/Classifier.");
        return new TourResult(trajectory, regression, plots);
    }

    /// <summary>Reads the command line (<c>--out DIR</c>).</summary>
    /// <exception cref="UsageException">An argument the tour does not know.</exception>
    internal static TourOptions Parse(string[] args)
    {
        var line = CommandLine.Parse(args, ["out"], []);
        return new TourOptions(line.Get("out") ?? TourOptions.Default.OutputDirectory);
    }
}

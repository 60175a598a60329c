using System.Diagnostics;
using System.Globalization;
using AutoDiffGen;
using Samples.Common;

namespace ImageRestoration;

/// <summary>The sample's settings; the defaults run in a few seconds.</summary>
/// <param name="OutputDirectory">Where the PNG files go (made if missing).</param>
/// <param name="Size">Height and width of the picture.</param>
/// <param name="Rounds">Rounds of filtering in the scrambler.</param>
/// <param name="CalibrationSteps">Adam steps fitting the scrambler's parameters on the chart.</param>
/// <param name="RestorationSteps">Adam steps fitting the picture.</param>
/// <param name="Seed">Seeds the chart and the random starting picture.</param>
public sealed record RestorationOptions(
    string OutputDirectory, int Size = 64, int Rounds = 2, int CalibrationSteps = 500, int RestorationSteps = 1000, long Seed = 0)
{
    /// <summary>The defaults, writing to <c>./out/image-restoration</c>.</summary>
    public static RestorationOptions Default { get; } = new(Path.Combine("out", "image-restoration"));
}

/// <summary>What the run found: losses per step, how close the fit came, and the files written.</summary>
/// <param name="CalibrationLosses">Distance between the fitted and observed scrambled chart, per step.</param>
/// <param name="RestorationLosses">Distance between the scrambled candidate and the scrambled picture, per step.</param>
/// <param name="ParameterError">Largest absolute difference between a fitted and a secret parameter.</param>
/// <param name="ScrambledPsnr">PSNR (dB) of the scrambled picture against the original: how bad it looks.</param>
/// <param name="RestoredPsnr">PSNR (dB) of the restored picture against the original.</param>
/// <param name="Files">The PNG files written.</param>
public sealed record RestorationResult(
    double[] CalibrationLosses, double[] RestorationLosses, double ParameterError, double ScrambledPsnr, double RestoredPsnr, IReadOnlyList<string> Files);

/// <summary>
/// Image restoration by gradient descent, as in the tutorial: a picture was scrambled by a known kind of function
/// with unknown settings. First calibration: the scrambler is a model whose parameters are fitted, by gradient
/// descent on <c>Dist</c>, to a chart we scrambled with the same secret settings. Then restoration: starting from
/// random pixels, the picture is fitted so that scrambling it reproduces the scrambled picture, and it reappears.
/// </summary>
public static class RestorationSample
{
    /// <summary>Runs calibration and restoration, printing progress to <paramref name="output"/>; writes the PNGs.</summary>
    public static RestorationResult Run(RestorationOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var (size, rounds) = (options.Size, options.Rounds);
        output.WriteLine($"Image restoration: a {size}x{size} picture scrambled by gamma, a colour mix and {rounds} rounds of a 3-tap filter with swaps");
        var secret = Scrambler.Secret(size, rounds);
        var clock = Stopwatch.StartNew();

        output.WriteLine();
        output.WriteLine($"1. Calibration: fit the scrambler's {secret.ParameterCount()} parameters to a scrambled noise chart (Adam, lr 0.02, cosine annealing)");
        var chart = TestImages.NoiseChart(size, options.Seed);
        var observedChart = secret.Forward(chart);
        var model = new Scrambler(size, rounds);
        var calibration = Calibrate(model, chart, observedChart, options.CalibrationSteps, output);
        var parameterError = ShowParameters(model, secret, output);

        output.WriteLine();
        output.WriteLine("2. Restoration: from random pixels, fit the picture whose scrambling matches the scrambled picture (Adam, lr 0.05, cosine annealing)");
        var picture = TestImages.Landscape(size);
        var observed = secret.Forward(picture);
        var logits = Tensor.Randn([3, size, size], DType.Float32, new Generator(options.Seed + 1)) * 0.5;
        var snapshots = new List<Tensor> { logits.Sigmoid() };
        var restoration = Restore(model, logits, observed, options.RestorationSteps, snapshots, output);
        var restored = logits.Sigmoid();
        var scrambledPsnr = Psnr(observed.Clamp(0, 1), picture);
        var restoredPsnr = Psnr(restored, picture);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   PSNR against the original: scrambled {scrambledPsnr:F1} dB, restored {restoredPsnr:F1} dB ({clock.Elapsed.TotalSeconds:F1} s in all)"));

        output.WriteLine();
        output.WriteLine("Files:");
        var dir = options.OutputDirectory;
        string[] files =
        [
            ImageFiles.Save(picture, Path.Combine(dir, "original.png")),
            ImageFiles.Save(observed, Path.Combine(dir, "scrambled.png")),
            ImageFiles.Save(restored, Path.Combine(dir, "restored.png")),
            ImageFiles.SaveRow([picture, observed, restored], Path.Combine(dir, "comparison.png")),
            ImageFiles.SaveRow(snapshots, Path.Combine(dir, "progress.png"), scale: 2),
            RestorationPlots.Losses(calibration, restoration, Path.Combine(dir, "losses.png")),
        ];
        foreach (var file in files)
        {
            output.WriteLine($"  wrote {file}");
        }

        return new RestorationResult(calibration, restoration, parameterError, scrambledPsnr, restoredPsnr, files);
    }

    /// <summary>Reads the command line: <c>--out DIR</c>, <c>--steps N</c> (restoration), <c>--calibration-steps N</c>, <c>--seed N</c>.</summary>
    /// <exception cref="UsageException">An argument the sample does not know, or a bad number.</exception>
    internal static RestorationOptions Parse(string[] args)
    {
        var line = CommandLine.Parse(args, ["out", "steps", "calibration-steps", "seed"], []);
        var defaults = RestorationOptions.Default;
        return defaults with
        {
            OutputDirectory = line.Get("out") ?? defaults.OutputDirectory,
            RestorationSteps = line.GetInt("steps", defaults.RestorationSteps),
            CalibrationSteps = line.GetInt("calibration-steps", defaults.CalibrationSteps),
            Seed = line.GetInt("seed", (int)defaults.Seed, min: 0),
        };
    }

    private static double[] Calibrate(Scrambler model, Tensor chart, Tensor observed, int steps, TextWriter output)
    {
        var optimizer = new Adam(model.Parameters(), lr: 0.02);

        // The distance has a kink at zero, so a constant step ends up circling the answer; annealing settles it.
        var schedule = new CosineAnnealingLR(optimizer, tMax: steps);
        var losses = new double[steps];
        for (var step = 0; step < steps; step++)
        {
            var (loss, grad) = Scrambling.CalibrationLossWithGradient(model, chart, observed);
            optimizer.Step(grad);                      // grad is a Scrambler.Gradient: Gamma, Mix, Offset, Taps
            schedule.Step();
            losses[step] = loss.Item<float>();
            Report(step, steps, losses[step], output);
        }

        return losses;
    }

    private static double[] Restore(Scrambler model, Tensor logits, Tensor observed, int steps, List<Tensor> snapshots, TextWriter output)
    {
        // Constants for the loss: the fitted settings, detached from the model.
        var (gamma, mix, offset, taps) = (model.Gamma.Detach(), model.Mix.Detach(), model.Offset.Detach(), model.Taps.Detach());
        var optimizer = new Adam([logits], lr: 0.05);
        var schedule = new CosineAnnealingLR(optimizer, tMax: steps);
        var losses = new double[steps];
        for (var step = 0; step < steps; step++)
        {
            var (loss, grad) = Scrambling.RestorationLossWithGradient(logits, gamma, mix, offset, taps, model.Size, model.Rounds, observed);
            optimizer.Step(grad);
            schedule.Step();
            losses[step] = loss.Item<float>();
            Report(step, steps, losses[step], output);
            if (step + 1 == steps / 20 || step + 1 == steps / 5 || step + 1 == steps / 2)
            {
                snapshots.Add(logits.Sigmoid());
            }
        }

        snapshots.Add(logits.Sigmoid());
        return losses;
    }

    private static void Report(int step, int steps, double loss, TextWriter output)
    {
        if (step == 0 || (step + 1) % Math.Max(1, steps / 5) == 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   step {step + 1,5}: distance {loss:F5}"));
        }
    }

    private static double ShowParameters(Scrambler model, Scrambler secret, TextWriter output)
    {
        var worst = 0.0;
        output.WriteLine("   parameter   secret                                    fitted");
        foreach (var ((name, fitted), (_, truth)) in model.NamedParameters().Zip(secret.NamedParameters()))
        {
            var a = Normalised(name, fitted).ToArray<float>();
            var b = Normalised(name, truth).ToArray<float>();
            worst = Math.Max(worst, a.Zip(b).Max(p => Math.Abs(p.First - p.Second)));
            output.WriteLine($"   {name,-10}  {Format(b),-40}  {Format(a)}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   largest difference: {worst:G3}"));
        return worst;
    }

    /// <summary>The taps as the scrambler uses them (divided by their sum); other parameters as they are.</summary>
    private static Tensor Normalised(string name, Tensor value) => name == "taps" ? value / value.Sum() : value;

    private static string Format(float[] values) =>
        string.Join(" ", values.Select(v => v.ToString("F3", CultureInfo.InvariantCulture)));

    /// <summary>Peak signal-to-noise ratio for values in [0, 1]: 10·log₁₀(1 / MSE).</summary>
    internal static double Psnr(Tensor image, Tensor reference)
    {
        var mse = (image - reference).Pow(2).Mean().Item<float>();
        return 10 * Math.Log10(1 / Math.Max(mse, 1e-12));
    }
}

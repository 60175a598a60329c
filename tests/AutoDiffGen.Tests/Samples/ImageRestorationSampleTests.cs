using ImageRestoration;

namespace AutoDiffGen.Tests.Samples;

/// <summary>Calibration finds the secret scrambler and restoration brings the picture back, on a small picture.</summary>
public sealed class ImageRestorationSampleTests
{
    [Fact]
    public void CalibrationAndRestorationConvergeOnASmallPicture()
    {
        using var output = new SampleOutput();
        var options = new RestorationOptions(output.Directory, Size: 16, Rounds: 2, CalibrationSteps: 300, RestorationSteps: 300);
        var result = RestorationSample.Run(options, new StringWriter());

        Assert.True(result.CalibrationLosses[^1] < result.CalibrationLosses[0] / 100, $"calibration: {result.CalibrationLosses[0]} → {result.CalibrationLosses[^1]}");
        Assert.True(result.ParameterError < 0.1, $"largest parameter error {result.ParameterError}");
        Assert.True(result.RestorationLosses[^1] < result.RestorationLosses[0] / 100, $"restoration: {result.RestorationLosses[0]} → {result.RestorationLosses[^1]}");
        Assert.True(result.RestoredPsnr > result.ScrambledPsnr + 15, $"PSNR scrambled {result.ScrambledPsnr:F1} dB, restored {result.RestoredPsnr:F1} dB");
        output.AssertPngs(result.Files, "original.png", "scrambled.png", "restored.png", "comparison.png", "progress.png", "losses.png");
    }

    [Fact]
    public void TheGeneratedGradientOfTheRestorationLossMatchesFiniteDifferences()
    {
        var secret = Scrambler.Secret(4, 2);
        var observed = secret.Forward(TestImages.NoiseChart(4, 3));
        var logits = Tensor.Randn([3, 4, 4], DType.Float64, new Generator(5));
        var (gamma, mix, offset, taps) = (secret.Gamma.To(DType.Float64), secret.Mix.To(DType.Float64), secret.Offset.To(DType.Float64), secret.Taps.To(DType.Float64));
        var target = observed.To(DType.Float64);
        var (_, grad) = Scrambling.RestorationLossWithGradient(logits, gamma, mix, offset, taps, 4, 2, target);

        var values = logits.ToArray<double>();
        var analytic = grad.ToArray<double>();
        const double H = 1e-6;
        for (var i = 0; i < values.Length; i += 5)
        {
            double At(double delta)
            {
                var shifted = (double[])values.Clone();
                shifted[i] += delta;
                return Scrambling.RestorationLoss(Tensor.FromArray(shifted, [3, 4, 4]), gamma, mix, offset, taps, 4, 2, target).Item<double>();
            }

            var numeric = (At(H) - At(-H)) / (2 * H);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-6 + (1e-4 * Math.Abs(numeric)), $"element {i}: numeric {numeric}, generated {analytic[i]}");
        }
    }
}

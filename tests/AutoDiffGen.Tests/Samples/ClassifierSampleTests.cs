using AutoDiffGen.Tests.Data.Readers;
using Classifier;
using Spectre.Console;

namespace AutoDiffGen.Tests.Samples;

/// <summary>The classifier trains, evaluates, and its checkpoint reloads into a model with the same predictions.</summary>
public sealed class ClassifierSampleTests
{
    [Theory]
    [InlineData("mlp")]
    [InlineData("cnn")]
    public void ATinyRunTrainsEvaluatesAndReloadsItsCheckpoint(string model)
    {
        using var output = new SampleOutput();
        var options = new ClassifierOptions(output.Directory, Model: model, Epochs: 2, BatchSize: 32, TrainCount: 320, TestCount: 100, LearningRate: 3e-3, Workers: 1);
        var text = new StringWriter();
        var result = ClassifierSample.Run(options, Console(text));

        Assert.Equal(2, result.History.Count);
        Assert.True(result.History[^1].TrainLoss < result.History[0].BatchLosses[0], "the training loss falls");
        Assert.True(result.Test.Accuracy > 0.2, $"test accuracy {result.Test.Accuracy:P1} is above chance (10%)");
        Assert.Equal(100, result.Test.Predictions.Length);
        Assert.Equal(100L, result.Test.Confusion.Cast<long>().Sum());
        Assert.True(result.ReloadedIsIdentical);
        Assert.Equal(result.Test.Accuracy, result.Reloaded.Accuracy);
        Assert.Equal(Path.Combine(Path.GetFullPath(output.Directory), $"{model}.safetensors"), result.Checkpoint);
        Assert.Contains("Confusion matrix", text.ToString(), StringComparison.Ordinal);
        output.AssertPngs(result.Files, "samples.png", "loss.png", "accuracy.png");
    }

    [Fact]
    public void DataReadsMnistFilesFromTheFolder()
    {
        using var mnist = new TempDir();
        Fixtures.WriteMnist(mnist, train: true, count: 64, gzip: true);
        Fixtures.WriteMnist(mnist, train: false, count: 30, gzip: false);
        using var output = new SampleOutput();
        var text = new StringWriter();
        var options = new ClassifierOptions(output.Directory, DataDirectory: mnist.Path, Epochs: 1, BatchSize: 16, Workers: 0);
        var result = ClassifierSample.Run(options, Console(text));

        Assert.Contains($"MNIST from {mnist.Path}: 64 training and 30 test images", text.ToString(), StringComparison.Ordinal);
        Assert.Equal(30, result.Test.Predictions.Length);
        Assert.Equal(4, result.History[0].BatchLosses.Length);
        Assert.True(result.ReloadedIsIdentical);
    }

    [Fact]
    public void AFolderWithoutMnistFilesSaysWhichFileIsMissing()
    {
        using var empty = new TempDir();
        using var output = new SampleOutput();
        var options = new ClassifierOptions(output.Directory, DataDirectory: empty.Path);
        var error = Assert.Throws<FileNotFoundException>(() => ClassifierSample.Run(options, Console(new StringWriter())));
        Assert.Contains("train-images-idx3-ubyte", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SyntheticDigitsAreSeededLabelledAndInRange()
    {
        var digits = new SyntheticDigits(30, seed: 7);
        var again = new SyntheticDigits(30, seed: 7);
        var other = new SyntheticDigits(30, seed: 8);
        Assert.Equal(30, digits.Count);
        for (var i = 0; i < digits.Count; i++)
        {
            var (image, label) = digits[i];
            Assert.Equal(i % 10, label);
            Assert.Equal([1, 28, 28], image.Shape.ToArray());
            var pixels = image.ToArray<float>();
            Assert.All(pixels, p => Assert.InRange(p, 0f, 1f));
            Assert.True(pixels.Count(p => p > 0.5f) >= 20, $"sample {i} has ink");
            Assert.Equal(pixels, again[i].Input.ToArray<float>());
            Assert.NotEqual(pixels, other[i].Input.ToArray<float>());
        }

        Assert.NotEqual(digits[0].Input.ToArray<float>(), digits[10].Input.ToArray<float>());
    }

    private static IAnsiConsole Console(TextWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(writer),
    });
}

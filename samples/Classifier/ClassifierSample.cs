using System.Globalization;
using AutoDiffGen;
using AutoDiffGen.Transforms;
using Spectre.Console;

namespace Classifier;

/// <summary>What the run produced.</summary>
/// <param name="History">One entry per epoch.</param>
/// <param name="Test">The trained model on the test set.</param>
/// <param name="Reloaded">A fresh model loaded from the checkpoint, on the same test set.</param>
/// <param name="Checkpoint">The safetensors file written.</param>
/// <param name="Files">The PNG files written.</param>
public sealed record ClassifierResult(IReadOnlyList<EpochStats> History, Evaluation Test, Evaluation Reloaded, string Checkpoint, IReadOnlyList<string> Files)
{
    /// <summary>Whether the reloaded model predicts exactly what the trained one did, sample for sample.</summary>
    public bool ReloadedIsIdentical => Test.Predictions.AsSpan().SequenceEqual(Reloaded.Predictions);
}

/// <summary>
/// The training-pipeline tutorial end to end: a dataset and a <c>DataLoader</c> (shuffled, with worker threads), a
/// model, a loss, an optimizer and a compiled training step; then evaluation, a checkpoint, and a check that the
/// checkpoint reloads into a fresh model with the same predictions.
/// </summary>
public static class ClassifierSample
{
    /// <summary>Trains and evaluates as <paramref name="options"/> say, printing to <paramref name="console"/>.</summary>
    /// <exception cref="FileNotFoundException">The MNIST folder lacks a file.</exception>
    /// <exception cref="DatasetFormatException">An MNIST file is damaged.</exception>
    public static ClassifierResult Run(ClassifierOptions options, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        var choice = ModelChoice.Get(options.Model);
        var (train, test, source) = LoadData(options);
        console.WriteLine($"Data: {source}: {train.Count} training and {test.Count} test images of 28x28");

        var dir = options.OutputDirectory;
        Directory.CreateDirectory(dir);
        var files = new List<string> { DigitGrid.Save(train, Path.Combine(dir, "samples.png")) };

        var model = choice.Create(new Generator(options.Seed));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Model: {choice.Description}, {model.ParameterCount()} parameters; Adam lr {options.LearningRate}, batch {options.BatchSize}, {options.Workers} loader workers"));
        var optimizer = new Adam(model.Parameters(), lr: options.LearningRate);
        // The loop below uses each batch for one step and keeps nothing of it, so the loader may write new batches
        // into the memory of batches two steps back (reuseBatches) instead of allocating one per step.
        var trainLoader = new DataLoader(train, batchSize: options.BatchSize, shuffle: true, seed: options.Seed, workers: options.Workers, reuseBatches: true);
        var testLoader = new DataLoader(test, batchSize: 256, workers: options.Workers);
        var history = Trainer.Train(choice, model, optimizer, trainLoader, testLoader, train.Count, options.Epochs, console);

        var evaluation = Evaluation.Run(model, choice.Forward, testLoader);
        console.WriteLine();
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Test accuracy: {evaluation.Accuracy:P2} (loss {evaluation.Loss:F4})"));
        Report.Confusion(evaluation, [.. Enumerable.Range(0, 10).Select(d => d.ToString(CultureInfo.InvariantCulture))], console);

        // The checkpoint round trip: save, load into a model with other random weights, predict again.
        var checkpoint = Path.GetFullPath(Path.Combine(dir, $"{choice.Name}.safetensors"));
        model.Save(checkpoint);
        var fresh = choice.Create(new Generator(options.Seed + 1));
        fresh.Load(checkpoint);
        var reloaded = Evaluation.Run(fresh, choice.Forward, testLoader);
        var result = new ClassifierResult(history, evaluation, reloaded, checkpoint, files);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Checkpoint: {checkpoint}; reloaded into a fresh model: accuracy {reloaded.Accuracy:P2}, " +
            $"{(result.ReloadedIsIdentical ? "the same prediction for every test image" : "PREDICTIONS DIFFER")}"));

        files.Add(ClassifierPlots.Loss(history, Path.Combine(dir, "loss.png")));
        files.Add(ClassifierPlots.Accuracy(history, Path.Combine(dir, "accuracy.png")));
        foreach (var file in files)
        {
            console.WriteLine($"  wrote {file}");
        }

        return result;
    }

    private static (Dataset<(Tensor Input, long Label)> Train, Dataset<(Tensor Input, long Label)> Test, string Source) LoadData(ClassifierOptions options)
    {
        if (options.DataDirectory is not { } directory)
        {
            // Different seeds for the two sets: the test digits are drawings the model never saw.
            var train = new SyntheticDigits(options.TrainCount ?? 6000, options.Seed);
            var test = new SyntheticDigits(options.TestCount ?? 1000, options.Seed + 1_000_000);
            return (train, test, "built-in synthetic digits");
        }

        // Real MNIST: ToTensor turns each 28x28 grey image into a [1, 28, 28] float tensor in [0, 1].
        var toTensor = new ToTensor();
        var mnistTrain = Mnist.Load(directory, train: true).Select(toTensor);
        var mnistTest = Mnist.Load(directory, train: false).Select(toTensor);
        return (Take(mnistTrain, options.TrainCount), Take(mnistTest, options.TestCount), $"MNIST from {Path.GetFullPath(directory)}");
    }

    private static Dataset<(Tensor Input, long Label)> Take(Dataset<(Tensor Input, long Label)> dataset, int? count) =>
        count is { } n && n < dataset.Count ? new Subset<(Tensor Input, long Label)>(dataset, [.. Enumerable.Range(0, n)]) : dataset;
}

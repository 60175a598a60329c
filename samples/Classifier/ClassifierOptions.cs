using Samples.Common;

namespace Classifier;

/// <summary>The sample's settings; the defaults train the MLP on built-in digits in a few seconds.</summary>
/// <param name="OutputDirectory">Where the plots, sample grid and checkpoint go (made if missing).</param>
/// <param name="DataDirectory">A folder with the MNIST files (train-images-idx3-ubyte[.gz] …); null: built-in digits.</param>
/// <param name="Model">"mlp" or "cnn".</param>
/// <param name="Epochs">Passes over the training set.</param>
/// <param name="BatchSize">Samples per training step.</param>
/// <param name="TrainCount">Training samples; null: 6,000 built-in, or all of MNIST.</param>
/// <param name="TestCount">Test samples; null: 1,000 built-in, or all of MNIST.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="Workers">DataLoader worker threads.</param>
/// <param name="Seed">Seeds the built-in data, the initial weights and the shuffles.</param>
public sealed record ClassifierOptions(
    string OutputDirectory,
    string? DataDirectory = null,
    string Model = "mlp",
    int Epochs = 5,
    int BatchSize = 64,
    int? TrainCount = null,
    int? TestCount = null,
    double LearningRate = 1e-3,
    int Workers = 2,
    long Seed = 0)
{
    /// <summary>The defaults, writing to <c>./out/classifier</c>.</summary>
    public static ClassifierOptions Default { get; } = new(Path.Combine("out", "classifier"));

    /// <summary>Reads the command line; see <see cref="Usage"/>.</summary>
    /// <exception cref="UsageException">An argument the sample does not know, or a bad value.</exception>
    internal static ClassifierOptions Parse(string[] args)
    {
        var line = CommandLine.Parse(args, ["out", "data", "model", "epochs", "batch-size", "train", "test", "lr", "workers", "seed"], []);
        var model = line.Get("model") ?? Default.Model;
        if (!ModelChoice.Names.Contains(model))
        {
            throw new UsageException($"--model takes one of: {string.Join(", ", ModelChoice.Names)}; got '{model}'.");
        }

        return Default with
        {
            OutputDirectory = line.Get("out") ?? Default.OutputDirectory,
            DataDirectory = line.Get("data"),
            Model = model,
            Epochs = line.GetInt("epochs", Default.Epochs),
            BatchSize = line.GetInt("batch-size", Default.BatchSize),
            TrainCount = line.Has("train") ? line.GetInt("train", 0) : null,
            TestCount = line.Has("test") ? line.GetInt("test", 0) : null,
            LearningRate = line.GetDouble("lr", Default.LearningRate),
            Workers = line.GetInt("workers", Default.Workers, min: 0),
            Seed = line.GetInt("seed", (int)Default.Seed, min: 0),
        };
    }

    /// <summary>The command-line help.</summary>
    internal const string Usage =
        "usage: dotnet run --project samples/Classifier [-- options]\n" +
        "  --data DIR        train on real MNIST files in DIR (default: built-in synthetic digits)\n" +
        "  --model mlp|cnn   the model (default mlp)\n" +
        "  --epochs N        passes over the training set (default 5)\n" +
        "  --train N         training samples (default 6000 built-in, all of MNIST)\n" +
        "  --test N          test samples (default 1000 built-in, all of MNIST)\n" +
        "  --batch-size N    samples per step (default 64)\n" +
        "  --lr X            Adam's learning rate (default 0.001)\n" +
        "  --workers N       DataLoader threads (default 2)\n" +
        "  --seed N          seed for data, weights and shuffles (default 0)\n" +
        "  --out DIR         output folder (default ./out/classifier)";
}

using Classifier;
using Samples.Common;
using Spectre.Console;

// A digit classifier on built-in synthetic digits (or real MNIST with --data DIR): DataLoader, a compiled training
// step, a progress bar, a confusion matrix, a checkpoint round trip and training curves.
// Run with: dotnet run --project samples/Classifier [-- --help]
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(ClassifierOptions.Usage);
    return 0;
}

try
{
    ClassifierSample.Run(ClassifierOptions.Parse(args), AnsiConsole.Console);
    return 0;
}
catch (UsageException e)
{
    Console.Error.WriteLine($"Classifier: {e.Message}");
    Console.Error.WriteLine(ClassifierOptions.Usage);
    return 2;
}
catch (FileNotFoundException e)
{
    Console.Error.WriteLine($"Classifier: {e.Message}");
    Console.Error.WriteLine(
        "Classifier: --data names a folder holding the MNIST files (train-images-idx3-ubyte, train-labels-idx1-ubyte, " +
        "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, raw or .gz); without --data the sample uses its built-in digits.");
    return 1;
}
catch (AutoDiffGen.DatasetFormatException e)
{
    Console.Error.WriteLine($"Classifier: {e.Message}");
    return 1;
}

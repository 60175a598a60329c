using AutoDiffGen;

namespace Classifier;

/// <summary>A model's results on a test set: the mean loss, the confusion matrix and every prediction.</summary>
/// <param name="Loss">Mean cross-entropy over the samples.</param>
/// <param name="Confusion">Confusion[true, predicted]: how many samples of each class went to each class.</param>
/// <param name="Predictions">The predicted class of each sample, in dataset order.</param>
public sealed record Evaluation(double Loss, long[,] Confusion, long[] Predictions)
{
    /// <summary>The fraction of samples predicted right.</summary>
    public double Accuracy
    {
        get
        {
            long right = 0;
            for (var c = 0; c < Confusion.GetLength(0); c++)
            {
                right += Confusion[c, c];
            }

            return Predictions.Length == 0 ? 0 : right / (double)Predictions.Length;
        }
    }

    /// <summary>The fraction of class <paramref name="label"/>'s samples predicted right.</summary>
    public double ClassAccuracy(int label)
    {
        long total = 0;
        for (var p = 0; p < Confusion.GetLength(1); p++)
        {
            total += Confusion[label, p];
        }

        return total == 0 ? double.NaN : Confusion[label, label] / (double)total;
    }

    /// <summary>Runs <paramref name="forward"/> over <paramref name="loader"/> in evaluation mode (no shuffling expected).</summary>
    internal static Evaluation Run(Module model, Func<Module, Tensor, Tensor> forward, DataLoader loader, int classes = 10)
    {
        var wasTraining = model.Training;
        model.Eval();
        try
        {
            var confusion = new long[classes, classes];
            var predictions = new List<long>();
            double lossSum = 0;
            foreach (var (x, y) in loader)
            {
                var logits = forward(model, x);
                lossSum += Losses.CrossEntropy(logits, y).Item<float>() * y.Shape[0];
                var predicted = logits.ArgMax(1).ToArray<long>();
                var labels = y.ToArray<long>();
                for (var i = 0; i < labels.Length; i++)
                {
                    confusion[labels[i], predicted[i]]++;
                }

                predictions.AddRange(predicted);
            }

            return new Evaluation(predictions.Count == 0 ? 0 : lossSum / predictions.Count, confusion, [.. predictions]);
        }
        finally
        {
            model.Train(wasTraining);
        }
    }
}

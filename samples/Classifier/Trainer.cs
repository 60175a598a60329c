using System.Diagnostics;
using System.Globalization;
using AutoDiffGen;
using Spectre.Console;

namespace Classifier;

/// <summary>What one epoch did.</summary>
/// <param name="TrainLoss">Mean training loss over the epoch's steps.</param>
/// <param name="TrainAccuracy">Accuracy on every tenth training batch, measured right after its step.</param>
/// <param name="TestLoss">Mean test loss after the epoch.</param>
/// <param name="TestAccuracy">Test accuracy after the epoch.</param>
/// <param name="SamplesPerSecond">Training throughput, loading included.</param>
/// <param name="BatchLosses">The loss of each step.</param>
public sealed record EpochStats(double TrainLoss, double TrainAccuracy, double TestLoss, double TestAccuracy, double SamplesPerSecond, double[] BatchLosses);

/// <summary>The training loop: compiled steps over shuffled batches, with a progress bar per epoch.</summary>
internal static class Trainer
{
    public static List<EpochStats> Train(
        ModelChoice choice, Module model, Optimizer optimizer, DataLoader train, DataLoader test, int trainCount, int epochs, IAnsiConsole console)
    {
        var history = new List<EpochStats>();
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                for (var epoch = 1; epoch <= epochs; epoch++)
                {
                    var task = context.AddTask(Describe(epoch, epochs, double.NaN, double.NaN, 0, null), maxValue: trainCount);
                    history.Add(RunEpoch(choice, model, optimizer, train, test, task, epoch, epochs));
                    task.StopTask();
                }
            });
        return history;
    }

    private static EpochStats RunEpoch(
        ModelChoice choice, Module model, Optimizer optimizer, DataLoader train, DataLoader test, ProgressTask task, int epoch, int epochs)
    {
        model.Train();
        var clock = Stopwatch.StartNew();
        var batchLosses = new List<double>();
        double lossSum = 0;
        long seen = 0, sampled = 0, right = 0;
        foreach (var (x, y) in train)
        {
            var n = y.Shape[0];
            var loss = choice.Step(model, optimizer, x, y).Item<float>();
            batchLosses.Add(loss);
            lossSum += loss * n;
            seen += n;

            // Accuracy on a sample of the batches: a second forward pass on every batch would cost a third more.
            if (batchLosses.Count % 10 == 1)
            {
                var predicted = choice.Forward(model, x).ArgMax(1).ToArray<long>();
                var labels = y.ToArray<long>();
                right += predicted.Zip(labels).Count(p => p.First == p.Second);
                sampled += n;
            }

            task.Increment(n);
            task.Description = Describe(epoch, epochs, lossSum / seen, right / (double)sampled, seen / clock.Elapsed.TotalSeconds, null);
        }

        var rate = seen / clock.Elapsed.TotalSeconds;
        var evaluation = Evaluation.Run(model, choice.Forward, test);
        task.Description = Describe(epoch, epochs, lossSum / seen, right / (double)sampled, rate, evaluation.Accuracy);
        return new EpochStats(lossSum / seen, right / (double)sampled, evaluation.Loss, evaluation.Accuracy, rate, [.. batchLosses]);
    }

    private static string Describe(int epoch, int epochs, double loss, double accuracy, double rate, double? testAccuracy)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}/{epochs}");
        if (!double.IsNaN(loss))
        {
            text += string.Create(CultureInfo.InvariantCulture, $"  loss {loss:F4}  acc {accuracy:P1}  {rate,7:F0} samples/s");
        }

        if (testAccuracy is { } value)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"  [green]test acc {value:P2}[/]");
        }

        return text;
    }
}

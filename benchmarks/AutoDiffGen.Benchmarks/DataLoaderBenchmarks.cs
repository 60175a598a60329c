using System.Diagnostics;
using System.Globalization;
using AutoDiffGen.Transforms;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// Data loading at MNIST's size: in-memory 28×28 grey images through <c>ToTensor</c> + <c>Normalize</c> (which
/// <c>Compose</c> runs as one pass), batched by 64 into [64, 1, 28, 28] float32 inputs and int64 labels, with 0 and 2
/// workers, with and without <c>reuseBatches</c>. <c>LoadBatches</c> is the time
/// per batch delivered with nothing else to do; <c>TrainSteps</c> adds the MLP step of <see cref="MlpBenchmarks"/>
/// on each batch, so (TrainSteps − step alone) is what loading costs a training loop, and workers can hide it.
/// The data time as PyTorch users read it (time blocked waiting for the next batch) needs timing inside the loop:
/// see <see cref="DataLoaderTimed"/> (<c>-- --data-loading</c>).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class DataLoaderBenchmarks
{
    internal const int Batches = 100;
    internal const int BatchSize = 64;

    private DataLoader _loader = null!;
    private Tensor _w1 = null!;
    private Tensor _b1 = null!;
    private Tensor _w2 = null!;
    private Tensor _b2 = null!;
    private Sgd _optimizer = null!;
    private MlpModel _model = null!;
    private Sgd _modelOptimizer = null!;

    [Params(0, 2)]
    public int Workers { get; set; }

    [Params(false, true)]
    public bool ReuseBatches { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var images = new SyntheticImages(Batches * BatchSize, 28, 28);
        var transform = new Compose<Image>(new ToTensor(), new Normalize([0.1307], [0.3081], inplace: true));
        _loader = new DataLoader(images.Select(transform), batchSize: BatchSize, shuffle: true, seed: 0, workers: Workers, reuseBatches: ReuseBatches);

        var g = new Generator(7);
        _w1 = Tensor.Randn([784, 128], DType.Float32, g) * 0.05;
        _b1 = Tensor.Zeros(128);
        _w2 = Tensor.Randn([128, 10], DType.Float32, g) * 0.05;
        _b2 = Tensor.Zeros(10);
        _optimizer = new Sgd([_w1, _b1, _w2, _b2], lr: 1e-2);
        _model = new MlpModel(g);
        _modelOptimizer = new Sgd(_model.Parameters(), lr: 1e-2);
    }

    [Benchmark(OperationsPerInvoke = Batches, Description = "DataLoader: one [64,1,28,28] batch (ToTensor + Normalize)")]
    public Tensor LoadBatches()
    {
        Tensor last = null!;
        foreach (var (input, _) in _loader)
        {
            last = input;
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Batches, Description = "DataLoader batch + MLP 784-128-10 step")]
    public Tensor TrainSteps()
    {
        Tensor loss = null!;
        foreach (var (input, labels) in _loader)
        {
            var (l, (g1, gb1, g2, gb2)) = Mlp.LossWithGradient(_w1, _b1, _w2, _b2, input.View(BatchSize, 784), labels);
            _optimizer.Step(g1, gb1, g2, gb2);
            loss = l;
        }

        return loss;
    }

    [Benchmark(OperationsPerInvoke = Batches, Description = "DataLoader batch + MLP model [TrainingStep]")]
    public Tensor ModelTrainSteps()
    {
        Tensor loss = null!;
        foreach (var (input, labels) in _loader)
        {
            loss = MlpModel.Step(_model, _modelOptimizer, input.View(BatchSize, 784), labels);
        }

        return loss;
    }
}

/// <summary>A reader-like dataset of random 8-bit grey images held in memory (what an MNIST reader yields).</summary>
internal sealed class SyntheticImages : Dataset<(Image Image, long Label)>
{
    private readonly Image[] _images;

    public SyntheticImages(int count, int height, int width)
    {
        var random = new Random(1);
        _images = new Image[count];
        for (var i = 0; i < count; i++)
        {
            var pixels = new byte[height * width];
            random.NextBytes(pixels);
            _images[i] = new Image(height, width, 1, pixels);
        }
    }

    public override int Count => _images.Length;

    public override (Image Image, long Label) this[int index] => (_images[index], index % 10);
}

/// <summary>
/// Data time the way PyTorch users read it (torchvision's reference scripts' <c>data_time</c>, Lightning's
/// <c>train_dataloader_next</c>): the time the training loop spends blocked in <c>MoveNext</c> waiting for the next
/// batch, next to the time it spends in the step (<see cref="MlpModel"/>'s <c>[TrainingStep]</c>), over epochs of
/// 100 MNIST-size batches. Every configuration runs once per round, in turn, so a noisy shared machine slows all
/// alike: <c>dotnet run -c Release -- --data-loading [rounds]</c>. Prints per configuration the medians over rounds
/// of: wait and step per batch, their ratio (the figure: target &lt; 0.10 with 2 workers), the loop's time per batch,
/// and the loop's excess over the step run alone on a fixed batch (what loading really costs when the workers
/// share the step's cores). Configurations: the pipeline before this work (<see cref="LegacyToTensor"/>, then
/// Normalize as a copy, stacked); ToTensor + Normalize fused but still a tensor per sample, stacked; written
/// directly into the batch; plus <c>reuseBatches</c>; plus workers below normal priority (the default; the other
/// rows turn it off to show its share).
/// </summary>
internal static class DataLoaderTimed
{
    public static void Run(int rounds)
    {
        var images = new SyntheticImages(DataLoaderBenchmarks.Batches * DataLoaderBenchmarks.BatchSize, 28, 28);
        var mean = new[] { 0.1307 };
        var std = new[] { 0.3081 };
        var before = images.Select(new Compose<Image>(new LegacyToTensor(), new Normalize(mean, std)));
        var fusedTransform = new Compose<Image>(new ToTensor(), new Normalize(mean, std, inplace: true));
        var perSample = images.Select(s => (fusedTransform.Apply(s.Image), s.Label)); // a tensor per sample, then stacked
        var direct = images.Select(fusedTransform); // the loader writes each image straight into the batch
        var configs = new List<(string Name, DataLoader Loader, bool LowPriority)>();
        foreach (var workers in new[] { 0, 2 })
        {
            DataLoader Loader(Dataset<(Tensor, long)> data, bool reuse) =>
                new(data, batchSize: DataLoaderBenchmarks.BatchSize, shuffle: true, seed: 0, workers: workers, reuseBatches: reuse);
            configs.Add(($"w{workers} before (2 passes, stacked)", Loader(before, false), false));
            configs.Add(($"w{workers} fused, stacked", Loader(perSample, false), false));
            configs.Add(($"w{workers} fused, direct", Loader(direct, false), false));
            configs.Add(($"w{workers} fused, direct, reuseBatches", Loader(direct, true), false));
            if (workers > 0)
            {
                configs.Add(($"w{workers} fused, direct, reuse, low prio", Loader(direct, true), true));
            }
        }

        var g = new Generator(7);
        var model = new MlpModel(g);
        var optimizer = new Sgd(model.Parameters(), lr: 1e-2);
        var x = Tensor.Rand([64, 784], DType.Float32, g);
        var y = Tensor.RandInt(10, [64], g);

        var alone = new List<double>();
        var waits = configs.Select(_ => new List<double>()).ToArray();
        var steps = configs.Select(_ => new List<double>()).ToArray();
        var loops = configs.Select(_ => new List<double>()).ToArray();
        var ratios = configs.Select(_ => new List<double>()).ToArray();
        for (var round = -3; round < rounds; round++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < DataLoaderBenchmarks.Batches; i++)
            {
                MlpModel.Step(model, optimizer, x, y);
            }

            var stepAlone = Micros(Stopwatch.GetTimestamp() - start) / DataLoaderBenchmarks.Batches;
            for (var c = 0; c < configs.Count; c++)
            {
                WorkerPriority.Enabled = configs[c].LowPriority;
                var (wait, step, loop) = Epoch(configs[c].Loader, model, optimizer);
                if (round >= 0)
                {
                    waits[c].Add(wait);
                    steps[c].Add(step);
                    loops[c].Add(loop);
                    ratios[c].Add(wait / step);
                }
            }

            if (round >= 0)
            {
                alone.Add(stepAlone);
            }
        }

        var stepMedian = Median(alone);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"MLP model step alone (fixed batch): median {stepMedian:F0} µs per step, {rounds} rounds"));
        Console.WriteLine($"{"configuration",-40} {"wait µs",8} {"step µs",8} {"wait/step",9} {"loop µs",8} {"(loop-alone)/alone",18}");
        for (var c = 0; c < configs.Count; c++)
        {
            var loop = Median(loops[c]);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{configs[c].Name,-40} {Median(waits[c]),8:F1} {Median(steps[c]),8:F0} {Median(ratios[c]),9:F3} {loop,8:F0} {(loop - stepMedian) / stepMedian,18:F3}"));
        }
    }

    /// <summary>One epoch: per batch, the time blocked in MoveNext, the time in the step, and the whole loop's time.</summary>
    private static (double Wait, double Step, double Loop) Epoch(DataLoader loader, MlpModel model, Sgd optimizer)
    {
        long waited = 0, stepped = 0;
        var start = Stopwatch.GetTimestamp();
        using var batches = loader.GetEnumerator();
        while (true)
        {
            var t0 = Stopwatch.GetTimestamp();
            if (!batches.MoveNext())
            {
                break;
            }

            var t1 = Stopwatch.GetTimestamp();
            var (input, labels) = batches.Current;
            MlpModel.Step(model, optimizer, input.View(DataLoaderBenchmarks.BatchSize, 784), labels);
            var t2 = Stopwatch.GetTimestamp();
            waited += t1 - t0;
            stepped += t2 - t1;
        }

        var n = (double)loader.Count;
        return (Micros(waited) / n, Micros(stepped) / n, Micros(Stopwatch.GetTimestamp() - start) / n);
    }

    private static double Micros(long ticks) => ticks * 1e6 / Stopwatch.Frequency;

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}

/// <summary>
/// ToTensor as it was before the fused, vectorised conversion (a table lookup per pixel, then Normalize as a second
/// pass), kept so <see cref="DataLoaderTimed"/> compares against the old pipeline in the same run.
/// </summary>
internal sealed class LegacyToTensor : Transform<Image, Tensor>
{
    private static readonly float[] _scaled = [.. Enumerable.Range(0, 256).Select(b => b / 255f)];

    public override Tensor Apply(Image input, Generator generator)
    {
        int h = input.Height, w = input.Width, c = input.Channels;
        var plane = h * w;
        var values = GC.AllocateUninitializedArray<float>(c * plane);
        for (var ch = 0; ch < c; ch++)
        {
            for (int p = 0, q = ch; p < plane; p++, q += c)
            {
                values[(ch * plane) + p] = _scaled[input.Pixels[q]];
            }
        }

        return new Tensor(values, DType.Float32, [c, h, w]);
    }
}

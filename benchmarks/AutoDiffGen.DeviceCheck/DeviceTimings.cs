using System.Diagnostics;
using System.Globalization;
using AutoDiffGen.Benchmarks;
using AutoDiffGen.OpenCL;

namespace AutoDiffGen.DeviceCheck;

/// <summary>
/// Times the OpenCL paths on the first OpenCL device next to the CPU of the same machine: fixed launch costs, the
/// 16M-float tanh chain (fused vs op by op, with the bandwidth it reaches), float32 matrix products and the MLP
/// training step. Each row is the median of its repetitions after warm-up, the device synchronised inside the timed
/// region. Stopwatch timing rather than BenchmarkDotNet, so it runs with the .NET runtime alone.
/// </summary>
internal static class DeviceTimings
{
    public static void Run(TextWriter log, bool quick)
    {
        var device = Device.OpenCL(0);
        var info = OpenCLRuntime.Info(device);
        log.WriteLine($"device: {info}");
        log.WriteLine($"cpu: {Environment.ProcessorCount} logical processors");
        var reps = quick ? 5 : 20;
        var rows = new List<(string Name, double Ms, string Extra)>();

        void Row(string name, Action action, int repetitions, Func<double, string>? extra = null)
        {
            action();
            action();
            var times = new double[repetitions];
            for (var i = 0; i < repetitions; i++)
            {
                var watch = Stopwatch.StartNew();
                action();
                times[i] = watch.Elapsed.TotalMilliseconds;
            }

            Array.Sort(times);
            var median = times[repetitions / 2];
            rows.Add((name, median, extra?.Invoke(median) ?? string.Empty));
            log.WriteLine($"  {name}: {Ms(median)}");
        }

        // Fixed costs.
        var one = Tensor.Zeros([1], DType.Float32, device);
        var nop = OpenCLRuntime.Program(device, "__kernel void nop(__global float* x, int xo) { x[xo + get_global_id(0)] += 1.0f; }");
        Row("queued launch, per kernel (1000 launches then finish)", () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                nop.Launch("nop", 1, one);
            }

            OpenCLRuntime.Synchronize(device);
        }, reps, ms => $"{ms * 1000 / 1000:F2} µs per launch");
        Row("synchronous launch + finish", () =>
        {
            nop.Launch("nop", 1, one);
            OpenCLRuntime.Synchronize(device);
        }, reps * 5);
        Row("tiny round trip: one float there and Item() back", () =>
        {
            using var t = Tensor.Scalar(2.0).To(device);
            _ = t.Item<float>();
        }, reps * 5);

        // The tanh chain: 256 MiB must move (x read and y written forward, x and dy read backward).
        const int N = 16 * 1024 * 1024;
        const double ChainBytes = 4.0 * N * sizeof(float);
        var x = Tensor.FromArray(Enumerable.Range(0, N).Select(i => (float)(i % 1000) * 1e-3f).ToArray());
        var (a, b, c) = (Tensor.Scalar(0.7), Tensor.Scalar(-0.2), Tensor.Scalar(1.3));
        var dy = Tensor.OnesLike(x);
        var (xd, ad, bd, cd, dyd) = (x.To(device), a.To(device), b.To(device), c.To(device), dy.To(device));
        string Bandwidth(double ms) => $"{ChainBytes / (ms * 1e-3) / 1e9:F0} GB/s over the 256 MiB";
        Row("OpenCL tanh chain fused, fwd+bwd, 16M float32", () =>
        {
            var (_, pullback) = Chains.TanhChainWithPullback(xd, ad, bd, cd);
            _ = pullback.Invoke(dyd);
            OpenCLRuntime.Synchronize(device);
        }, reps, Bandwidth);
        Row("OpenCL tanh chain op by op, fwd+bwd, 16M float32", () =>
        {
            var (_, pullback) = Chains.TanhChainUnfusedWithPullback(xd, ad, bd, cd);
            _ = pullback.Invoke(dyd);
            OpenCLRuntime.Synchronize(device);
        }, reps, Bandwidth);
        Row("CPU tanh chain fused, fwd+bwd, 16M float32", () =>
        {
            var (_, pullback) = Chains.TanhChainWithPullback(x, a, b, c);
            _ = pullback.Invoke(dy);
        }, reps, Bandwidth);

        // Matrix products, float32.
        foreach (var n in quick ? new[] { 1024 } : new[] { 1024, 4096 })
        {
            var g = new Generator(1);
            var ma = Tensor.Rand([n, n], DType.Float32, g).To(device);
            var mb = Tensor.Rand([n, n], DType.Float32, g).To(device);
            double flops = 2.0 * n * n * n;
            Row($"OpenCL MatMul {n}³ float32", () =>
            {
                using var p = Tensor.MatMul(ma, mb);
                OpenCLRuntime.Synchronize(device);
            }, n >= 4096 ? Math.Max(3, reps / 4) : reps, ms => $"{flops / (ms * 1e-3) / 1e9:F0} GFLOP/s");
        }

        // Training steps (batch 64, plain SGD) on the device and on the CPU: the MLP, and LeNet-5 (convolutions and pools).
        void StepRows<TModel>(string name, Func<Generator, TModel> create, Func<TModel, Sgd, Tensor, Tensor, Tensor> step, int[] inputShape, int repetitions)
            where TModel : Module
        {
            foreach (var (label, dev) in new[] { ("OpenCL", device), ("CPU", Device.Cpu) })
            {
                var g = new Generator(7);
                var model = create(g);
                model.To(dev);
                var opt = new Sgd(model.Parameters(), lr: 1e-2);
                var bx = Tensor.Rand(inputShape, DType.Float32, g).To(dev);
                var by = Tensor.RandInt(10, [64], g).To(dev);
                Row($"{label} {name} batch 64 SGD step ([TrainingStep])", () =>
                {
                    var loss = step(model, opt, bx, by);
                    if (dev != Device.Cpu)
                    {
                        OpenCLRuntime.Synchronize(dev);
                    }

                    GC.KeepAlive(loss);
                }, repetitions, ms => $"{ms * 1000:F0} µs");
            }
        }

        StepRows("MLP 784-128-10", g => new MlpModel(g), MlpModel.Step, [64, 784], reps * 10);
        StepRows("LeNet-5", g => new LeNet5(g), LeNet5.Step, [64, 1, 28, 28], reps * 2);

        log.WriteLine();
        log.WriteLine("| what | median | |");
        log.WriteLine("| --- | ---: | --- |");
        foreach (var (name, ms, extra) in rows)
        {
            log.WriteLine($"| {name} | {Ms(ms)} | {extra} |");
        }
    }

    private static string Ms(double ms) => ms < 1
        ? (ms * 1000).ToString("F1", CultureInfo.InvariantCulture) + " µs"
        : ms.ToString("F2", CultureInfo.InvariantCulture) + " ms";
}

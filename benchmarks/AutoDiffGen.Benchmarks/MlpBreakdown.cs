using System.Diagnostics;
using System.Globalization;
using AutoDiffGen.Derivatives;
using AutoDiffGen.Kernels;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// Where <see cref="MlpBenchmarks"/>' training step spends its time: each piece of the 784-128-10 step (batch 64)
/// timed alone with a Stopwatch, in interleaved rounds (the machine is shared and noisy, so every piece sees the same
/// load), medians printed in µs. Run with <c>-- --mlp-breakdown [rounds]</c>.
/// </summary>
internal static class MlpBreakdown
{
    private const int Reps = 50;

    public static void Run(int rounds)
    {
        var g = new Generator(7);
        var model = new MlpModel(g);
        var optimizer = new Sgd(model.Parameters(), lr: 1e-2);
        var copy = new MlpModel(new Generator(7));
        var copyOptimizer = new Sgd(copy.Parameters(), lr: 1e-4);
        var x = Tensor.Rand([64, 784], DType.Float32, g);
        var y = Tensor.RandInt(10, [64], g);
        Tensor w1 = model.Fc1.Weight, b1 = model.Fc1.Bias!, w2 = model.Fc2.Weight, b2 = model.Fc2.Bias!;
        var h = Tensor.Linear(x, w1, b1);
        var r = h.Relu();
        var logits = Tensor.Linear(r, w2, b2);
        var loss = Losses.CrossEntropy(logits, y);
        var one = Tensor.OnesLike(loss);
        var dLogits = LossDerivatives.CrossEntropyLogits(logits, y, Reduction.Mean, 0, loss, one);
        var dr = Tensor.LinearInputGradient(r, w2, dLogits);
        var dh = TensorDerivatives.Relu(h, r, dr);
        var gw1 = Tensor.LinearWeightGradient(x, w1, dh);
        var gb1 = Tensor.LinearBiasGradient(dh, 128);
        var gw2 = Tensor.LinearWeightGradient(r, w2, dLogits);
        var gb2 = Tensor.LinearBiasGradient(dLogits, 10);
        var c = new float[128 * 784];
        var xs = x.ContiguousSpan<float>().ToArray();
        var dhs = dh.ContiguousSpan<float>().ToArray();
        var ws = w1.ContiguousSpan<float>().ToArray();
        var rows = new (string Name, Action Run)[]
        {
            ("whole step: model + [TrainingStep]", () => MlpModel.Step(model, optimizer, x, y)),
            ("whole step, fused update (FusedUpdate scope)", () => FusedStep(model, optimizer, x, y)),
            ("LossWithGradient alone (no update)", () => MlpModel.LossWithGradient(model, x, y)),
            ("LossWithGradient in a scope (fc1/fc2 dW deferred)", () => DeferredOnly(model, optimizer, x, y)),
            ("forward Linear 64x784 -> 128 (+bias)", () => Tensor.Linear(x, w1, b1)),
            ("forward Relu 64x128", () => h.Relu()),
            ("forward Linear 64x128 -> 10 (+bias)", () => Tensor.Linear(r, w2, b2)),
            ("cross-entropy forward", () => Losses.CrossEntropy(logits, y)),
            ("cross-entropy backward (logits)", () => LossDerivatives.CrossEntropyLogits(logits, y, Reduction.Mean, 0, loss, one)),
            ("fc2 input grad 64x10 @ 10x128", () => Tensor.LinearInputGradient(r, w2, dLogits)),
            ("fc2 weight grad 10x64 @ 64x128", () => Tensor.LinearWeightGradient(r, w2, dLogits)),
            ("fc2 bias grad", () => Tensor.LinearBiasGradient(dLogits, 10)),
            ("relu backward", () => TensorDerivatives.Relu(h, r, dr)),
            ("fc1 weight grad 128x64 @ 64x784", () => Tensor.LinearWeightGradient(x, w1, dh)),
            ("fc1 bias grad", () => Tensor.LinearBiasGradient(dh, 128)),
            ("Sgd.Step (4 parameters)", () => copyOptimizer.Step(gw1, gb1, gw2, gb2)),
            ("GEMM fwd 64x784 @ 784x128, 1 thread", () => RawForward(xs, ws, c, 1)),
            ("GEMM fwd 64x784 @ 784x128, 2 threads", () => RawForward(xs, ws, c, 0)),
            ("GEMM dW 128x64 @ 64x784, 1 thread", () => RawWeightGrad(dhs, xs, c, 1)),
            ("GEMM dW 128x64 @ 64x784, 2 threads", () => RawWeightGrad(dhs, xs, c, 0)),
            ("GEMM dW + SGD epilogue into W, 1 thread", () => RawWeightUpdate(dhs, xs, c, 1)),
            ("GEMM dW + SGD epilogue into W, 2 threads", () => RawWeightUpdate(dhs, xs, c, 0)),
        };
        var times = rows.Select(_ => new List<double>()).ToArray();
        var cpu = rows.Select(_ => new List<double>()).ToArray();
        for (var round = -3; round < rounds; round++)
        {
            for (var i = 0; i < rows.Length; i++)
            {
                var cpuStart = Environment.CpuUsage.TotalTime;
                var watch = Stopwatch.StartNew();
                for (var rep = 0; rep < Reps; rep++)
                {
                    rows[i].Run();
                }

                if (round >= 0)
                {
                    times[i].Add(watch.Elapsed.TotalMicroseconds / Reps);
                    cpu[i].Add((Environment.CpuUsage.TotalTime - cpuStart).TotalMicroseconds / Reps);
                }
            }
        }

        // Wall time suffers from other users' load; the process's CPU time (all threads, helper spinning included)
        // counts the work done, whatever the waiting.
        static double Median(List<double> t) => t.Order().ElementAt(t.Count / 2);
        for (var i = 0; i < rows.Length; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows[i].Name,-44} wall median {Median(times[i]),7:F1} µs  best {times[i].Min(),7:F1} µs   cpu median {Median(cpu[i]),7:F1} µs"));
        }
    }

    /// <summary>The generated step with the emitter's one extra line: the plain SGD update fused into the weight GEMMs.</summary>
    internal static Tensor FusedStep(MlpModel model, Sgd optimizer, Tensor x, Tensor y)
    {
        using var scope = Internal.FusedUpdate.Begin(optimizer);
        return MlpModel.Step(model, optimizer, x, y);
    }

    /// <summary>The forward and backward pass inside a scope, whose recorded products are then dropped (no update).</summary>
    private static Tensor DeferredOnly(MlpModel model, Sgd optimizer, Tensor x, Tensor y)
    {
        using var scope = Internal.FusedUpdate.Begin(optimizer);
        return MlpModel.LossWithGradient(model, x, y).Value;
    }

    // c [128, 784] += −1e-6 · dhᵀ · x, the fused update of fc1's weight.
    private static unsafe void RawWeightUpdate(float[] dh, float[] x, float[] c, int threads)
    {
        Gemm.MaxThreads = threads;
        fixed (float* pd = dh, px = x, pc = c)
        {
            Gemm.MultiplyUpdate(128, 784, 64, pd, 1, 128, px, 784, 1, pc, 784, -1e-6);
        }

        Gemm.MaxThreads = 0;
    }

    // x [64, 784] · W1ᵀ (W1 [128, 784] read through swapped strides) into c [64, 128].
    private static unsafe void RawForward(float[] x, float[] w, float[] c, int threads)
    {
        Gemm.MaxThreads = threads;
        fixed (float* px = x, pw = w, pc = c)
        {
            Gemm.Multiply(64, 128, 784, px, 784, 1, pw, 1, 784, pc, 128, false);
        }

        Gemm.MaxThreads = 0;
    }

    // dhᵀ (dh [64, 128] read transposed) · x [64, 784] into c [128, 784].
    private static unsafe void RawWeightGrad(float[] dh, float[] x, float[] c, int threads)
    {
        Gemm.MaxThreads = threads;
        fixed (float* pd = dh, px = x, pc = c)
        {
            Gemm.Multiply(128, 784, 64, pd, 1, 128, px, 784, 1, pc, 784, false);
        }

        Gemm.MaxThreads = 0;
    }
}

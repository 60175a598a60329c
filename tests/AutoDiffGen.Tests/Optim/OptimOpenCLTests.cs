using AutoDiffGen.Tests.OpenCL;
using static AutoDiffGen.Tests.Optim.OptimReference;

namespace AutoDiffGen.Tests.Optim;

/// <summary>
/// The optimizers on OpenCL device tensors (PoCL in CI) in float32 against the CPU loop within 1e-5: the device
/// path is the tensor-op path, the CPU one the fused loop, so this also checks the two against each other.
/// </summary>
[Collection("OpenCL")]
public class OptimOpenCLTests
{
    public static TheoryData<string> Kinds => ["sgd", "adam", "adamw", "rmsprop", "adagrad"];

    private static Optimizer Make(string kind, Tensor[] p) => kind switch
    {
        "sgd" => new Sgd(p, lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01),
        "adam" => new Adam(p, lr: 0.01, weightDecay: 0.1, amsgrad: true),
        "adamw" => new AdamW(p, lr: 0.01, maximize: true),
        "rmsprop" => new RMSprop(p, lr: 0.01, weightDecay: 0.1, momentum: 0.5, centered: true),
        _ => new Adagrad(p, lr: 0.1, lrDecay: 0.1, weightDecay: 0.1, initialAccumulatorValue: 0.1),
    };

    [OpenCLTheory]
    [MemberData(nameof(Kinds))]
    public void Device_steps_match_the_cpu(string kind)
    {
        var device = Device.OpenCL(0);
        var cpu = Parameters(DType.Float32);
        var onDevice = cpu.Select(p => p.To(device)).ToArray();
        var cpuOpt = Make(kind, cpu);
        var deviceOpt = Make(kind, onDevice);
        for (var t = 1; t <= 6; t++)
        {
            var g = Grads(t, DType.Float32);
            cpuOpt.Step(g);
            var dg = g.Select(x => x.To(device)).ToArray();
            if (t == 3)
            {
                // Accumulation and clipping on the device too.
                deviceOpt.Accumulate(dg);
                Assert.Equal(AutoDiffGen.Gradients.ClipByGlobalNorm(g, 100), AutoDiffGen.Gradients.ClipByGlobalNorm(dg, 100), 4);
                deviceOpt.Step();
            }
            else
            {
                deviceOpt.Step(dg);
            }

            foreach (var x in dg)
            {
                x.Dispose();
            }
        }

        for (var k = 0; k < cpu.Length; k++)
        {
            Assert.Equal(device, onDevice[k].Device);
            var expected = cpu[k].ToArray<float>();
            var actual = onDevice[k].To(Device.Cpu).ToArray<float>();
            for (var i = 0; i < expected.Length; i++)
            {
                AssertClose(expected[i], actual[i], 1e-5, $"{kind}: parameter {k} element {i}");
            }
        }

        var state = deviceOpt.StateDict();
        Assert.All(state, kv => Assert.Equal(kv.Key.EndsWith(".step", StringComparison.Ordinal) ? Device.Cpu : device, kv.Value.Device));
    }

    [OpenCLFact]
    public void Clipping_on_the_device_matches_the_cpu()
    {
        var device = Device.OpenCL(0);
        var g = Grads(1, DType.Float32);
        var dg = g.Select(x => x.To(device)).ToArray();
        foreach (var p in new[] { 2.0, 1.0, 3.0, double.PositiveInfinity })
        {
            var a = AutoDiffGen.Gradients.ClipByGlobalNorm(g, 0.5, p);
            var b = AutoDiffGen.Gradients.ClipByGlobalNorm(dg, 0.5, p);
            AssertClose(a, b, 1e-5, $"norm {p}");
        }

        for (var k = 0; k < g.Length; k++)
        {
            var e = g[k].ToArray<float>();
            var d = dg[k].To(Device.Cpu).ToArray<float>();
            for (var i = 0; i < e.Length; i++)
            {
                AssertClose(e[i], d[i], 1e-5, $"gradient {k} element {i}");
            }
        }
    }
}

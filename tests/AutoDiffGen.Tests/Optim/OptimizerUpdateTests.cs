using static AutoDiffGen.Tests.Optim.OptimReference;

namespace AutoDiffGen.Tests.Optim;

/// <summary>
/// Each optimizer and option combination, 7 steps on float64 parameters, against the documented algorithm
/// (<see cref="OptimReference"/>) within 1e-12: on the CPU loop (contiguous parameters) and on the tensor-op path
/// that devices use (forced here with strided parameters).
/// </summary>
public class OptimizerUpdateTests
{
    private const int Steps = 7;

    private static readonly Dictionary<string, (Func<Tensor[], Optimizer> Make, Func<double, Func<int, double>, double> Reference)> _cases = new()
    {
        ["sgd"] = (p => new Sgd(p, lr: 0.1), (x, g) => Sgd(x, g, Steps, _ => 0.1)),
        ["sgd default lr"] = (p => new Sgd(p), (x, g) => Sgd(x, g, Steps, _ => 1e-3)),
        ["sgd momentum"] = (p => new Sgd(p, lr: 0.1, momentum: 0.9), (x, g) => Sgd(x, g, Steps, _ => 0.1, mu: 0.9)),
        ["sgd momentum dampening"] = (p => new Sgd(p, lr: 0.05, momentum: 0.8, dampening: 0.3), (x, g) => Sgd(x, g, Steps, _ => 0.05, mu: 0.8, tau: 0.3)),
        ["sgd nesterov"] = (p => new Sgd(p, lr: 0.1, momentum: 0.9, nesterov: true), (x, g) => Sgd(x, g, Steps, _ => 0.1, mu: 0.9, nesterov: true)),
        ["sgd weight decay"] = (p => new Sgd(p, lr: 0.1, momentum: 0.5, weightDecay: 0.2), (x, g) => Sgd(x, g, Steps, _ => 0.1, mu: 0.5, lambda: 0.2)),
        ["sgd maximize"] = (p => new Sgd(p, lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.1, maximize: true), (x, g) => Sgd(x, g, Steps, _ => 0.1, mu: 0.9, nesterov: true, lambda: 0.1, maximize: true)),
        ["adam"] = (p => new Adam(p, lr: 0.01), (x, g) => Adam(x, g, Steps, _ => 0.01)),
        ["adam betas eps"] = (p => new Adam(p, lr: 0.05, betas: (0.8, 0.95), eps: 1e-3), (x, g) => Adam(x, g, Steps, _ => 0.05, beta1: 0.8, beta2: 0.95, eps: 1e-3)),
        ["adam weight decay"] = (p => new Adam(p, lr: 0.02, weightDecay: 0.3), (x, g) => Adam(x, g, Steps, _ => 0.02, lambda: 0.3)),
        ["adam amsgrad"] = (p => new Adam(p, lr: 0.02, betas: (0.5, 0.6), amsgrad: true), (x, g) => Adam(x, g, Steps, _ => 0.02, beta1: 0.5, beta2: 0.6, amsgrad: true)),
        ["adam maximize amsgrad decay"] = (p => new Adam(p, lr: 0.02, weightDecay: 0.1, amsgrad: true, maximize: true), (x, g) => Adam(x, g, Steps, _ => 0.02, lambda: 0.1, amsgrad: true, maximize: true)),
        ["adamw"] = (p => new AdamW(p, lr: 0.01), (x, g) => Adam(x, g, Steps, _ => 0.01, lambda: 1e-2, decoupled: true)),
        ["adamw decay amsgrad"] = (p => new AdamW(p, lr: 0.05, betas: (0.7, 0.8), weightDecay: 0.5, amsgrad: true), (x, g) => Adam(x, g, Steps, _ => 0.05, beta1: 0.7, beta2: 0.8, lambda: 0.5, amsgrad: true, decoupled: true)),
        ["adamw maximize"] = (p => new AdamW(p, lr: 0.05, maximize: true), (x, g) => Adam(x, g, Steps, _ => 0.05, lambda: 1e-2, maximize: true, decoupled: true)),
        ["rmsprop"] = (p => new RMSprop(p), (x, g) => RMSprop(x, g, Steps, _ => 1e-2)),
        ["rmsprop alpha eps"] = (p => new RMSprop(p, lr: 0.03, alpha: 0.7, eps: 1e-4), (x, g) => RMSprop(x, g, Steps, _ => 0.03, alpha: 0.7, eps: 1e-4)),
        ["rmsprop momentum"] = (p => new RMSprop(p, lr: 0.01, momentum: 0.9), (x, g) => RMSprop(x, g, Steps, _ => 0.01, mu: 0.9)),
        ["rmsprop centered"] = (p => new RMSprop(p, lr: 0.01, alpha: 0.9, centered: true), (x, g) => RMSprop(x, g, Steps, _ => 0.01, alpha: 0.9, centered: true)),
        ["rmsprop all"] = (p => new RMSprop(p, lr: 0.01, alpha: 0.8, weightDecay: 0.1, momentum: 0.5, centered: true, maximize: true), (x, g) => RMSprop(x, g, Steps, _ => 0.01, alpha: 0.8, lambda: 0.1, mu: 0.5, centered: true, maximize: true)),
        ["adagrad"] = (p => new Adagrad(p), (x, g) => Adagrad(x, g, Steps, _ => 1e-2)),
        ["adagrad lr decay"] = (p => new Adagrad(p, lr: 0.1, lrDecay: 0.2), (x, g) => Adagrad(x, g, Steps, _ => 0.1, eta: 0.2)),
        ["adagrad decay accumulator"] = (p => new Adagrad(p, lr: 0.1, weightDecay: 0.1, initialAccumulatorValue: 0.5), (x, g) => Adagrad(x, g, Steps, _ => 0.1, lambda: 0.1, initial: 0.5)),
        ["adagrad eps maximize"] = (p => new Adagrad(p, lr: 0.1, lrDecay: 0.05, eps: 1e-3, maximize: true), (x, g) => Adagrad(x, g, Steps, _ => 0.1, eta: 0.05, eps: 1e-3, maximize: true)),
    };

    public static TheoryData<string> Cases
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in _cases.Keys)
            {
                data.Add(name);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cpu_loop_matches_the_documented_algorithm(string name)
    {
        var (make, reference) = _cases[name];
        var parameters = Parameters();
        var opt = make(parameters);
        for (var t = 1; t <= Steps; t++)
        {
            opt.Step(Grads(t));
        }

        Assert.Equal(Steps, opt.StepCount);
        AssertMatches(parameters, reference, name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tensor_path_matches_the_documented_algorithm(string name)
    {
        var (make, reference) = _cases[name];
        var (parameters, storage1) = StridedParameters();
        var opt = make(parameters);
        for (var t = 1; t <= Steps; t++)
        {
            opt.Step(new TestGradient(Grads(t)));
        }

        AssertMatches(parameters, reference, name);
        var untouched = storage1.ToArray<double>().Where((_, i) => i % 2 == 1);
        Assert.All(untouched, v => Assert.Equal(999.0, v));
    }

    [Fact]
    public void Strided_gradients_are_read_in_logical_order()
    {
        var parameters = Parameters();
        var opt = new Adam(parameters, lr: 0.01, amsgrad: true);
        for (var t = 1; t <= Steps; t++)
        {
            var g = Grads(t);
            opt.Step(g[0].T.Contiguous().T, g[1]);
        }

        AssertMatches(parameters, (x, g) => Adam(x, g, Steps, _ => 0.01, amsgrad: true), "strided");
    }

    [Fact]
    public void Learning_rate_changes_between_steps_are_used()
    {
        static double Lr(int t) => 0.05 * Math.Pow(0.5, (t - 1) / 2);
        var parameters = Parameters();
        var opt = new Adam(parameters, lr: 0.05, weightDecay: 0.1);
        var schedule = new StepLR(opt, stepSize: 2, gamma: 0.5);
        for (var t = 1; t <= Steps; t++)
        {
            Assert.Equal(Lr(t), opt.LearningRate, 15);
            opt.Step(Grads(t));
            schedule.Step();
        }

        AssertMatches(parameters, (x, g) => Adam(x, g, Steps, Lr, lambda: 0.1), "scheduled");
    }

    private static void AssertMatches(Tensor[] parameters, Func<double, Func<int, double>, double> reference, string name)
    {
        for (var k = 0; k < parameters.Length; k++)
        {
            var actual = parameters[k].ToArray<double>();
            for (var i = 0; i < actual.Length; i++)
            {
                var (kk, ii) = (k, i);
                var expected = reference(Initial(k, i), t => Grad(t, kk, ii));
                AssertClose(expected, actual[i], 1e-12, $"{name}: parameter {k} element {i}");
            }
        }
    }

    /// <summary>A transposed [2, 3] view and a stepped [3] slice (odd storage elements hold 999 and must stay so).</summary>
    private static (Tensor[] Parameters, Tensor Storage1) StridedParameters()
    {
        var d0 = new double[6];
        for (var r = 0; r < 2; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                d0[(c * 2) + r] = Initial(0, (r * 3) + c);
            }
        }

        var d1 = new double[6];
        for (var i = 0; i < 6; i++)
        {
            d1[i] = i % 2 == 0 ? Initial(1, i / 2) : 999;
        }

        var storage1 = Tensor.FromArray(d1, [6]);
        var p0 = Tensor.FromArray(d0, [3, 2]).T;
        var p1 = storage1[TensorIndex.Slice(null, null, 2)];
        Assert.False(p0.IsContiguous);
        Assert.False(p1.IsContiguous);
        return ([p0, p1], storage1);
    }
}

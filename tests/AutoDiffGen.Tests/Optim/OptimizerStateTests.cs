using static AutoDiffGen.Tests.Optim.OptimReference;

namespace AutoDiffGen.Tests.Optim;

/// <summary>Gradient accumulation, checkpoint state and the errors a wrong call gets.</summary>
public class OptimizerStateTests
{
    public static TheoryData<string> Kinds => ["sgd", "adam", "adamw", "rmsprop", "adagrad"];

    private static Optimizer Make(string kind, Tensor[] p) => kind switch
    {
        "sgd" => new Sgd(p, lr: 0.1, momentum: 0.9, dampening: 0.1),
        "adam" => new Adam(p, lr: 0.01, amsgrad: true),
        "adamw" => new AdamW(p, lr: 0.01, weightDecay: 0.1),
        "rmsprop" => new RMSprop(p, lr: 0.01, momentum: 0.5, centered: true),
        _ => new Adagrad(p, lr: 0.1, lrDecay: 0.1, initialAccumulatorValue: 0.1),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Accumulated_micro_batches_step_like_their_sum(string kind)
    {
        var p1 = Parameters();
        var p2 = Parameters();
        var summed = Make(kind, p1);
        var accumulated = Make(kind, p2);
        for (var t = 1; t <= 4; t++)
        {
            var a = Grads(t);
            var b = Grads(t + 10);
            summed.Step(a[0] + b[0], a[1] + b[1]);
            accumulated.Accumulate(a);
            accumulated.Accumulate(new TestGradient(b));
            Assert.Equal(2, accumulated.AccumulatedCount);
            accumulated.Step();
            Assert.Equal(0, accumulated.AccumulatedCount);
        }

        Assert.Equal(p1[0].ToArray<double>(), p2[0].ToArray<double>());
        Assert.Equal(p1[1].ToArray<double>(), p2[1].ToArray<double>());
    }

    [Fact]
    public void Step_without_accumulation_throws()
    {
        var opt = new Sgd(Parameters());
        Assert.Contains("nothing has been accumulated", Assert.Throws<InvalidOperationException>(() => opt.Step()).Message);
        opt.Accumulate(Grads(1));
        opt.ZeroAccumulated();
        Assert.Throws<InvalidOperationException>(() => opt.Step());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void State_dict_round_trip_gives_the_same_next_step(string kind)
    {
        var p1 = Parameters();
        var original = Make(kind, p1);
        for (var t = 1; t <= 3; t++)
        {
            original.Step(Grads(t));
        }

        var state = original.StateDict();
        var p2 = p1.Select(p => p.Clone()).ToArray();
        var restored = Make(kind, p2);
        restored.LoadStateDict(state);
        Assert.Equal(kind == "sgd" ? 0 : 3, restored.StepCount);
        Assert.Equal(state.Keys.OrderBy(k => k), restored.StateDict().Keys.OrderBy(k => k));
        original.Step(Grads(4));
        restored.Step(Grads(4));
        Assert.Equal(p1[0].ToArray<double>(), p2[0].ToArray<double>());
        Assert.Equal(p1[1].ToArray<double>(), p2[1].ToArray<double>());
    }

    [Fact]
    public void State_dict_uses_pytorch_names()
    {
        var adam = new Adam(Parameters(), amsgrad: true);
        Assert.Empty(adam.StateDict());
        adam.Step(Grads(1));
        Assert.Equal(
            ["state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq", "state.0.max_exp_avg_sq", "state.1.step", "state.1.exp_avg", "state.1.exp_avg_sq", "state.1.max_exp_avg_sq"],
            adam.StateDict().Keys);
        Assert.Equal(1, adam.StateDict()["state.1.step"].Item<float>());
        var sgd = new Sgd(Parameters(), momentum: 0.9);
        sgd.Step(Grads(1));
        Assert.Equal(["state.0.momentum_buffer", "state.1.momentum_buffer"], sgd.StateDict().Keys);
        Assert.Equal(["state.0.step", "state.0.sum", "state.1.step", "state.1.sum"], new Adagrad(Parameters()).StateDict().Keys);
        var rms = new RMSprop(Parameters(), momentum: 0.1, centered: true);
        rms.Step(Grads(1));
        Assert.Equal(["state.0.step", "state.0.square_avg", "state.0.momentum_buffer", "state.0.grad_avg"], rms.StateDict().Keys.Take(4));
    }

    [Fact]
    public void State_dict_is_a_snapshot()
    {
        var opt = new Sgd(Parameters(), momentum: 0.9);
        opt.Step(Grads(1));
        var saved = opt.StateDict()["state.0.momentum_buffer"].ToArray<double>();
        var state = opt.StateDict();
        opt.Step(Grads(2));
        Assert.Equal(saved, state["state.0.momentum_buffer"].ToArray<double>());
    }

    [Fact]
    public void Loading_bad_state_is_reported_and_changes_nothing()
    {
        var source = new Adam(Parameters());
        source.Step(Grads(1));
        var good = source.StateDict();
        var opt = new Adam(Parameters());

        var wrongShape = new Dictionary<string, Tensor>(good) { ["state.1.exp_avg"] = Tensor.Zeros([2, 3], DType.Float64) };
        var ex = Assert.Throws<TensorShapeException>(() => opt.LoadStateDict(wrongShape));
        Assert.Contains("'state.1.exp_avg' has shape [2, 3] but parameter 1 has shape [3]", ex.Message);

        var unknown = new Dictionary<string, Tensor>(good) { ["state.0.momentum_buffer"] = Tensor.Zeros([2, 3], DType.Float64) };
        Assert.Contains("'exp_avg', 'exp_avg_sq', 'step'", Assert.Throws<ArgumentException>(() => opt.LoadStateDict(unknown)).Message);

        var incomplete = good.Where(kv => kv.Key != "state.0.exp_avg_sq").ToDictionary();
        Assert.Contains("incomplete", Assert.Throws<ArgumentException>(() => opt.LoadStateDict(incomplete)).Message);

        var badIndex = new Dictionary<string, Tensor>(good) { ["state.7.exp_avg"] = Tensor.Zeros(3) };
        Assert.Contains("has 2 parameter(s)", Assert.Throws<ArgumentException>(() => opt.LoadStateDict(badIndex)).Message);
        Assert.Contains("state.{parameter index}", Assert.Throws<ArgumentException>(() => opt.LoadStateDict(new Dictionary<string, Tensor> { ["exp_avg"] = Tensor.Zeros(3) })).Message);

        Assert.Empty(opt.StateDict());
        Assert.Equal(0, opt.StepCount);

        // State for some parameters only is not bad: as in PyTorch, a parameter that was never updated has none.
        var partial = good.Where(kv => kv.Key.StartsWith("state.0.", StringComparison.Ordinal)).ToDictionary();
        opt.LoadStateDict(partial);
        Assert.Equal((1, 1, 0), (opt.StepCount, opt.StepOf(0), opt.StepOf(1)));
        Assert.Equal(partial.Keys.Order(), opt.StateDict().Keys.Order());
    }

    [Fact]
    public void Bad_steps_name_the_parameter_and_both_shapes()
    {
        var opt = new Adam(Parameters());
        var g = Grads(1);
        var ex = Assert.Throws<TensorShapeException>(() => opt.Step(g[0], Tensor.Zeros([2, 3], DType.Float64)));
        Assert.Equal("Adam.Step: gradient 1 has shape [2, 3] but parameter 1 has shape [3]; gradients must be passed in parameter order with the parameters' shapes.", ex.Message);
        Assert.Contains("got 1 gradient(s) for 2 parameter(s)", Assert.Throws<ArgumentException>(() => opt.Step(g[0])).Message);
        Assert.Contains("gradient 0 has dtype Float32 but parameter 0 has dtype Float64", Assert.Throws<TensorDTypeException>(() => opt.Accumulate(g[0].To(DType.Float32), g[1])).Message);
        Assert.Equal(0, opt.StepCount);
        Assert.Equal(Parameters()[0].ToArray<double>(), opt.Parameters[0].ToArray<double>());
    }

    [Fact]
    public void Bad_construction_is_reported()
    {
        var w = Tensor.Zeros(2);
        Assert.Contains("empty parameter list", Assert.Throws<ArgumentException>(() => new Sgd(Array.Empty<Tensor>())).Message);
        Assert.Contains("parameter 1 is the same tensor as parameter 0", Assert.Throws<ArgumentException>(() => new Adam([w, w])).Message);
        Assert.Contains("dtype Int64", Assert.Throws<TensorDTypeException>(() => new Sgd(new[] { Tensor.Arange(3) })).Message);
        Assert.Contains("Nesterov", Assert.Throws<ArgumentException>(() => new Sgd(new[] { w }, momentum: 0.9, dampening: 0.1, nesterov: true)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([w], lr: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([w], betas: (0.9, 1.0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RMSprop([w], alpha: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adagrad([w], lrDecay: -1));
        var opt = new AdamW([w]);
        Assert.Equal(1e-2, opt.WeightDecay);
        Assert.Throws<ArgumentOutOfRangeException>(() => opt.LearningRate = double.NaN);
    }

    [Fact]
    public void Readme_linear_regression_converges()
    {
        Tensor.ManualSeed(0);
        var x = Tensor.Arange(5).To(DType.Float32).Unsqueeze(1);
        var y = (2 * x) + 1;
        var w = Tensor.Zeros(1, 1);
        var b = Tensor.Zeros(1);
        var opt = new Adam([w, b], lr: 0.1);
        for (var epoch = 0; epoch < 500; epoch++)
        {
            // d/dw mean((xw + b - y)²) = 2 mean(x (xw + b - y)), d/db = 2 mean(xw + b - y)
            var r = Tensor.MatMul(x, w) + b - y;
            opt.Step((2 * (x * r)).Mean().View(1, 1), (2 * r).Mean().View(1));
        }

        Assert.Equal(2, w.Item<float>(), 2);
        Assert.Equal(1, b.Item<float>(), 2);
    }
}

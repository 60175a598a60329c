using static AutoDiffGen.Tests.Serialization.SafeTensorsKit;

namespace AutoDiffGen.Tests.Serialization;

/// <summary>
/// <c>optimizer.Save(path)</c> / <c>Load(path)</c>: a run resumed from a checkpoint of the model and the optimizer
/// takes exactly the steps the uninterrupted run takes, bit for bit.
/// </summary>
public class OptimizerCheckpointTests
{
    public static TheoryData<string> Kinds => ["sgd", "adam", "adamw", "rmsprop", "adagrad"];

    private static Optimizer Make(string kind, Tensor[] p, double beta1 = 0.9) => kind switch
    {
        "sgd" => new Sgd(p, lr: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01),
        "adam" => new Adam(p, lr: 0.01, betas: (beta1, 0.999), amsgrad: true),
        "adamw" => new AdamW(p, lr: 0.01, weightDecay: 0.1),
        "rmsprop" => new RMSprop(p, lr: 0.01, momentum: 0.5, centered: true),
        _ => new Adagrad(p, lr: 0.1, lrDecay: 0.1, initialAccumulatorValue: 0.1),
    };

    private static Tensor[] Parameters(DType dtype = DType.Float32) =>
    [
        Tensor.FromArray(new[] { 0.5, -1.5, 2.0, 0.25, -0.75, 1.0 }, [3, 2]).To(dtype),
        Tensor.FromArray(new[] { 0.1, -0.2 }, [2]).To(dtype),
    ];

    /// <summary>Gradients that differ per step and element (a loss surface's values are not needed to test resumption).</summary>
    private static Tensor[] Grads(int t, DType dtype = DType.Float32) =>
    [
        Tensor.FromArray(Enumerable.Range(0, 6).Select(i => Math.Sin((t * 7) + i) * (1 + i)).ToArray(), [3, 2]).To(dtype),
        Tensor.FromArray(new[] { Math.Cos(t), Math.Sin(3 * t) }, [2]).To(dtype),
    ];

    private static KeyValuePair<string, Tensor>[] Named(Tensor[] p) => [new("w", p[0]), new("b", p[1])];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_resumed_run_steps_bit_for_bit_like_the_uninterrupted_one(string kind)
    {
        using var dir = new TempDirectory();
        var p = Parameters();
        var opt = Make(kind, p);
        for (var t = 1; t <= 3; t++)
        {
            opt.Step(Grads(t));
        }

        opt.LearningRate *= 0.5;
        SafeTensors.Save(dir.File("model.safetensors"), Named(p));
        opt.Save(dir.File("optim.safetensors"));

        var resumed = new[] { Tensor.Zeros(3, 2), Tensor.Zeros(2) };
        SafeTensors.LoadInto(dir.File("model.safetensors"), Named(resumed));
        var fresh = Make(kind, resumed);
        fresh.Load(dir.File("optim.safetensors"));
        Assert.Equal(3, fresh.StepCount);
        Assert.Equal(opt.LearningRate, fresh.LearningRate);

        for (var t = 4; t <= 6; t++)
        {
            opt.Step(Grads(t));
            fresh.Step(Grads(t));
            AssertIdentical(p[0], resumed[0]);
            AssertIdentical(p[1], resumed[1]);
        }

        var expectedState = opt.StateDict();
        var actualState = fresh.StateDict();
        Assert.Equal(expectedState.Keys.Order(StringComparer.Ordinal), actualState.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, value) in expectedState)
        {
            AssertIdentical(value, actualState[name]);
        }
    }

    [Fact]
    public void The_checkpoint_uses_pytorch_names_and_carries_the_hyper_parameters()
    {
        using var dir = new TempDirectory();
        var opt = new Adam(Parameters(DType.Float64), lr: 0.003, eps: 1e-6);
        opt.Step(Grads(1, DType.Float64));
        opt.Step(Grads(2, DType.Float64));
        var path = dir.File("optim.safetensors");
        opt.Save(path);
        var (tensors, metadata) = SafeTensors.LoadWithMetadata(path);
        Assert.Equal(
            ["state.0.exp_avg", "state.0.exp_avg_sq", "state.0.step", "state.1.exp_avg", "state.1.exp_avg_sq", "state.1.step"],
            tensors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(DType.Float64, tensors["state.1.exp_avg"].DType);
        Assert.Equal(2f, tensors["state.0.step"].Item<float>());
        Assert.Equal("Adam", metadata["optimizer"]);
        Assert.Equal("2", metadata["step"]);
        Assert.Equal("0.003", metadata["param_groups.0.lr"]);
        Assert.Equal("(0.9, 0.999)", metadata["param_groups.0.betas"]);
        Assert.Equal("False", metadata["param_groups.0.amsgrad"]);
        Assert.Equal("[0, 1]", metadata["param_groups.0.params"]);
    }

    [Fact]
    public void A_fresh_checkpoint_resets_a_trained_optimizer()
    {
        using var dir = new TempDirectory();
        var path = dir.File("optim.safetensors");
        Make("adam", Parameters()).Save(path);
        var trained = Make("adam", Parameters());
        trained.Step(Grads(1));
        trained.Load(path);
        Assert.Equal(0, trained.StepCount);
        Assert.Empty(trained.StateDict());
    }

    [Fact]
    public void A_checkpoint_of_another_kind_or_configuration_is_refused_and_changes_nothing()
    {
        using var dir = new TempDirectory();
        var path = dir.File("optim.safetensors");
        var saved = Make("adam", Parameters());
        saved.Step(Grads(1));
        saved.Save(path);

        var sgd = Make("sgd", Parameters());
        Assert.Contains("holds the state of the optimizer 'Adam', not of 'Sgd'", Assert.Throws<CheckpointMismatchException>(() => sgd.Load(path)).Message);

        var otherBetas = Make("adam", Parameters(), beta1: 0.8);
        var e = Assert.Throws<CheckpointMismatchException>(() => otherBetas.Load(path));
        Assert.Contains("'param_groups.0.betas' is (0.9, 0.999) in the checkpoint but (0.8, 0.999) here", e.Message);
        Assert.Equal(0, otherBetas.StepCount);
        Assert.Empty(otherBetas.StateDict());

        var fewer = new Adam([Tensor.Zeros(3, 2)], lr: 0.01, amsgrad: true);
        Assert.Contains("'param_groups.0.params' is [0, 1] in the checkpoint but [0] here", Assert.Throws<CheckpointMismatchException>(() => fewer.Load(path)).Message);

        var reshaped = new Adam([Tensor.Zeros(2, 3), Tensor.Zeros(2)], lr: 0.01, amsgrad: true);
        Assert.Contains("does not fit this optimizer", Assert.Throws<CheckpointMismatchException>(() => reshaped.Load(path)).Message);
        Assert.Equal(0, reshaped.StepCount);
    }

    [Fact]
    public void A_plain_tensor_file_is_not_an_optimizer_checkpoint()
    {
        using var dir = new TempDirectory();
        var path = dir.File("model.safetensors");
        SafeTensors.Save(path, Named(Parameters()));
        Assert.Contains("is not an optimizer checkpoint", Assert.Throws<CheckpointMismatchException>(() => Make("sgd", Parameters()).Load(path)).Message);
    }
}

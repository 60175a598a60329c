namespace AutoDiffGen.Tests.Modules;

/// <summary>Training mode, state dicts and the module printout.</summary>
public sealed class ModuleStateTests
{
    [Fact]
    public void TrainAndEvalReachEveryModule()
    {
        var model = new Stacked(DType.Float32);
        Assert.True(model.Training);
        model.Eval();
        Assert.All(model.NamedModules(), m => Assert.False(m.Value.Training));
        Assert.Same(model, model.Train());
        Assert.All(model.NamedModules(), m => Assert.True(m.Value.Training));
    }

    [Fact]
    public void LoadStateDictCopiesIntoTheSameTensors()
    {
        Tensor.ManualSeed(21);
        var source = new Mlp(3, 4, 2);
        var target = new Mlp(3, 4, 2);
        var weight = target.Fc1.Weight;
        target.LoadStateDict(source.StateDict());
        Assert.Same(weight, target.Fc1.Weight);
        foreach (var (name, tensor) in source.StateDict())
        {
            Assert.Equal(tensor.ToArray<float>(), target.StateDict()[name].ToArray<float>());
        }
    }

    [Fact]
    public void LoadStateDictNamesMissingUnexpectedAndMismatchedKeys()
    {
        var model = new Mlp(3, 4, 2);
        var state = model.StateDict().Where(p => p.Key != "fc2.bias").ToDictionary(p => p.Key, p => p.Value);
        state["fc3.weight"] = Tensor.Zeros(1);
        var e = Assert.Throws<ArgumentException>(() => model.LoadStateDict(state));
        Assert.Contains("missing key(s): [fc2.bias]", e.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected key(s): [fc3.weight]", e.Message, StringComparison.Ordinal);

        model.LoadStateDict(state, strict: false);
        var wrong = new Dictionary<string, Tensor> { ["fc1.weight"] = Tensor.Zeros(4, 4) };
        var size = Assert.Throws<ArgumentException>(() => model.LoadStateDict(wrong, strict: false));
        Assert.Contains("size mismatch for fc1.weight: copying a param with shape [4, 4], the shape in the current model is [4, 3]", size.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PrintsLikePyTorch()
    {
        Assert.Equal(
            "Mlp(\n  (fc1): Linear(in_features=3, out_features=4, bias=True)\n  (fc2): Linear(in_features=4, out_features=2, bias=True)\n)",
            new Mlp(3, 4, 2).ToString());
    }
}

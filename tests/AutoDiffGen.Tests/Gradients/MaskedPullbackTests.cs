using AutoDiffGen.Tests.Modules;

namespace AutoDiffGen.Tests.Gradients;

/// <summary>
/// Pullbacks invoked with a mask of wanted gradients: the wanted ones equal the full pullback's, the others are
/// null (tensors, models) or zero (scalars), through loops, branches and nested model calls.
/// </summary>
public sealed class MaskedPullbackTests
{
    [Fact]
    public void ARecurrentLoopGivesEachWantedGradientAlone()
    {
        var g = new Generator(5);
        var w = Tensor.Randn([3, 3], DType.Float64, g) * 0.5;
        var u = Tensor.Randn([3, 3], DType.Float64, g) * 0.5;
        var x = Tensor.Randn([2, 3], DType.Float64, g);
        var (value, pullback) = Loops.RecurrentWithPullback(w, u, x, 4);
        SameValue.Fused(Loops.Recurrent(w, u, x, 4), value);
        var seed = Tensor.OnesLike(value);
        var (gw, gu) = pullback.Invoke(seed);
        var (onlyW, noU) = pullback.Invoke(seed, 0b01);
        var (noW, onlyU) = pullback.Invoke(seed, 0b10);
        Assert.Equal(gw.ToArray<double>(), onlyW.ToArray<double>());
        Assert.Equal(gu.ToArray<double>(), onlyU.ToArray<double>());
        Assert.Null(noU);
        Assert.Null(noW);
    }

    [Fact]
    public void BranchesGiveZeroForScalarsLeftOut()
    {
        foreach (var (x, y) in new[] { (-1.5, 2.0), (0.5, -3.0), (3.0, 0.25) })
        {
            var (value, pullback) = Branches.PiecewiseWithPullback(x, y);
            SameValue.Bits(Branches.Piecewise(x, y), value);
            var (dx, dy) = pullback.Invoke(1.0);
            Assert.Equal((dx, 0.0), pullback.Invoke(1.0, 0b01));
            Assert.Equal((0.0, dy), pullback.Invoke(1.0, 0b10));
        }
    }

    [Fact]
    public void AModelsForwardSkipsTheInputOrTheParameters()
    {
        var model = new Stacked(DType.Float64);
        var x = Tensor.Randn([4, 4], DType.Float64, new Generator(6));
        var (value, pullback) = model.ForwardWithPullback(x);
        SameValue.Bits(model.Forward(x), value);
        var seed = Tensor.OnesLike(value);
        var (self, dx) = pullback.Invoke(seed);
        var (onlySelf, noInput) = pullback.Invoke(seed, 0b01);
        var (noSelf, onlyInput) = pullback.Invoke(seed, 0b10);
        Assert.Null(noInput);
        Assert.Null(noSelf);
        Assert.Equal(dx.ToArray<double>(), onlyInput.ToArray<double>());
        foreach (var ((name, a), (_, b)) in self.NamedTensors().Zip(onlySelf.NamedTensors()))
        {
            Assert.True(a.ToArray<double>().SequenceEqual(b.ToArray<double>()), name);
        }
    }
}

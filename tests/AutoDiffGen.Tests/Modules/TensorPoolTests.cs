using AutoDiffGen.Internal;

namespace AutoDiffGen.Tests.Modules;

/// <summary>Training steps hand their dead gradients' arrays back for reuse; results stay bit-identical.</summary>
public sealed class TensorPoolTests
{
    [Fact]
    public void RecycledArraysAreReusedButViewsAndParametersAreNot()
    {
        // A size no other test uses (the pool is process-wide and tests run in parallel).
        const int n = 16_411;
        var parameter = Tensor.Zeros(n);
        var gradient = Tensor.Ones(n);
        var view = Tensor.Ones(2 * n)[..n];
        var input = Tensor.Ones(n);
        TensorPool.Recycle([gradient, view, parameter, null], [parameter]);
        var reused = input + 1;
        Assert.Same(gradient._data, reused._data);
        Assert.All(reused.ToArray<float>(), v => Assert.Equal(2, v));
        var fresh = input + 1;
        Assert.NotSame(gradient._data, fresh._data);
        Assert.NotSame(parameter._data, fresh._data);
        Assert.NotSame(view._data, fresh._data);
    }

    [Fact]
    public void StepsWithLargeParametersMatchTheHandWrittenLoopBitForBit()
    {
        var generated = new Mlp(300, 100, 10);
        var manual = new Mlp(300, 100, 10);
        manual.LoadStateDict(generated.StateDict());
        var x = Tensor.Randn([32, 300], DType.Float32, new Generator(2));
        var y = x[.., ..10].ArgMax(1);
        var optGenerated = new Sgd(generated.Parameters(), lr: 0.05, momentum: 0.9);
        var optManual = new Sgd(manual.Parameters(), lr: 0.05, momentum: 0.9);
        for (var step = 0; step < 6; step++)
        {
            var loss = Steps.MlpStep(generated, optGenerated, x, y);
            var (expected, grad) = Objectives.LossWithGradient(manual, x, y);
            optManual.Step(grad);
            Assert.Equal(expected.Item<float>(), loss.Item<float>());
        }

        foreach (var ((name, a), (_, b)) in generated.NamedParameters().Zip(manual.NamedParameters()))
        {
            Assert.True(a.ToArray<float>().SequenceEqual(b.ToArray<float>()), name);
        }
    }
}

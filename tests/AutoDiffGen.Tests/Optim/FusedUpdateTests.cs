using AutoDiffGen.Internal;
using AutoDiffGen.Tests.Modules;

namespace AutoDiffGen.Tests.Optim;

/// <summary>
/// The plain SGD update fused into Linear weight-gradient GEMMs (<see cref="FusedUpdate"/>): the weights after fused
/// steps are bit-identical to the unfused gradient followed by <see cref="Sgd.Step(Tensor[])"/>, for every product
/// kernel (blocked GEMM, deep batches past one GEMM block, tiny products, single dot products); optimizers that are
/// not plain SGD, gradients taken outside a scope, and weights with several contributions keep their exact meaning.
/// </summary>
public sealed class FusedUpdateTests
{
    [Theory]
    [InlineData(DType.Float32, 300, 40, 64, false)] // fc1 blocked GEMM with the update epilogue, fc2 too
    [InlineData(DType.Float64, 300, 40, 64, false)]
    [InlineData(DType.Float32, 300, 40, 64, true)] // maximize: θ + lr·g
    [InlineData(DType.Float32, 50, 12, 300, false)] // batch past one GEMM depth block: scratch product, then update
    [InlineData(DType.Float32, 5, 3, 8, false)] // tiny products
    public void FusedMlpStepsAreBitIdenticalToUnfused(DType dtype, int inputs, int hidden, int batch, bool maximize)
    {
        var g = new Generator(11);
        var fused = new Mlp(inputs, hidden, 10, dtype);
        var plain = new Mlp(inputs, hidden, 10, dtype);
        plain.LoadStateDict(fused.StateDict());
        var x = Tensor.Randn([batch, inputs], dtype, g);
        var y = Tensor.RandInt(10, [batch], g);
        var optFused = new Sgd(fused.Parameters(), lr: 0.05, maximize: maximize);
        var optPlain = new Sgd(plain.Parameters(), lr: 0.05, maximize: maximize);
        for (var step = 0; step < 4; step++)
        {
            Tensor loss;
            using (var scope = FusedUpdate.Begin(optFused))
            {
                Assert.True(scope.IsFusing);
                loss = Steps.MlpStep(fused, optFused, x, y);
            }

            var (expected, grad) = Objectives.LossWithGradient(plain, x, y);
            optPlain.Step(grad);
            Assert.Equal(expected.ToArray<double>(), loss.ToArray<double>());
        }

        AssertSameBits(plain, fused);
    }

    [Fact]
    public void ADotProductWeightGradientIsFusedBitIdentically()
    {
        var g = new Generator(3);
        var fused = new Linear(1, 1);
        var plain = new Linear(1, 1);
        plain.LoadStateDict(fused.StateDict());
        var x = Tensor.Randn([70, 1], DType.Float32, g);
        var y = (x * 3) + 1;
        var optFused = new Sgd(fused.Parameters(), lr: 0.1);
        var optPlain = new Sgd(plain.Parameters(), lr: 0.1);
        for (var step = 0; step < 3; step++)
        {
            using (FusedUpdate.Begin(optFused))
            {
                var (_, gf) = FusedObjectives.ScalarLossWithGradient(fused, x, y);
                optFused.Step(gf);
            }

            optPlain.Step(FusedObjectives.ScalarLossWithGradient(plain, x, y).Gradient);
        }

        AssertSameBits(plain, fused);
    }

    [Fact]
    public void InsideAScopeTheWeightGradientIsAZeroPlaceholderAndOutsideItIsReal()
    {
        var model = new Mlp(8, 5, 3);
        var x = Tensor.Randn(6, 8);
        var y = Tensor.RandInt(3, [6], new Generator(1));
        var (_, real) = Objectives.LossWithGradient(model, x, y);
        var optimizer = new Sgd(model.Parameters(), lr: 0.1);
        var before = model.Fc1.Weight.Clone();
        using (FusedUpdate.Begin(optimizer))
        {
            var (_, inside) = Objectives.LossWithGradient(model, x, y);
            Assert.Equal(model.Fc1.Weight.Shape, inside.Fc1!.Weight!.Shape);
            Assert.All(inside.Fc1.Weight.ToArray<float>(), v => Assert.Equal(0f, v));
            Assert.Equal(real.Fc1!.Bias!.ToArray<float>(), inside.Fc1.Bias!.ToArray<float>());

            // Nothing has been applied yet: the recorded products wait for Step, which this scope never calls.
            Assert.Equal(before.ToArray<float>(), model.Fc1.Weight.ToArray<float>());
        }

        // The abandoned scope changed no weight, and gradients outside a scope are the real ones again.
        Assert.Equal(before.ToArray<float>(), model.Fc1.Weight.ToArray<float>());
        var (_, after) = Objectives.LossWithGradient(model, x, y);
        Assert.Equal(real.Fc1.Weight!.ToArray<float>(), after.Fc1!.Weight!.ToArray<float>());
        optimizer.Step(after);
        Assert.NotEqual(before.ToArray<float>(), model.Fc1.Weight.ToArray<float>());
    }

    [Fact]
    public void NonFusableOptimizersTakeTheNormalPath()
    {
        var x = Tensor.Randn(16, 8);
        var y = Tensor.RandInt(3, [16], new Generator(5));
        foreach (var make in new Func<IEnumerable<Tensor>, Optimizer>[]
        {
            p => new Sgd(p, lr: 0.1, momentum: 0.9),
            p => new Sgd(p, lr: 0.1, weightDecay: 0.01),
            p => new Adam(p, lr: 0.01),
        })
        {
            var scoped = new Mlp(8, 5, 3);
            var plain = new Mlp(8, 5, 3);
            plain.LoadStateDict(scoped.StateDict());
            var optScoped = make(scoped.Parameters());
            var optPlain = make(plain.Parameters());
            for (var step = 0; step < 3; step++)
            {
                using (var scope = FusedUpdate.Begin(optScoped))
                {
                    Assert.False(scope.IsFusing);
                    var (_, grad) = Objectives.LossWithGradient(scoped, x, y);
                    Assert.NotEqual(0f, grad.Fc1!.Weight!.Abs().Sum().Item<float>());
                    optScoped.Step(grad);
                }

                optPlain.Step(Objectives.LossWithGradient(plain, x, y).Gradient);
            }

            AssertSameBits(plain, scoped);
        }
    }

    [Fact]
    public void AWeightUsedTwiceGetsBothContributions()
    {
        var g = new Generator(9);
        var fused = new Twice(12, 4, DType.Float64);
        var plain = new Twice(12, 4, DType.Float64);
        plain.LoadStateDict(fused.StateDict());
        var x = Tensor.Randn([20, 12], DType.Float64, g);
        var y = Tensor.RandInt(4, [20], g);
        var optFused = new Sgd(fused.Parameters(), lr: 0.2);
        var optPlain = new Sgd(plain.Parameters(), lr: 0.2);
        for (var step = 0; step < 3; step++)
        {
            using (FusedUpdate.Begin(optFused))
            {
                optFused.Step(FusedObjectives.TwiceLossWithGradient(fused, x, y).Gradient);
            }

            optPlain.Step(FusedObjectives.TwiceLossWithGradient(plain, x, y).Gradient);
        }

        // θ − lr·g₁ − lr·g₂ in two roundings instead of θ − lr·(g₁ + g₂) in one: equal to float64 rounding.
        foreach (var ((name, a), (_, b)) in plain.NamedParameters().Zip(fused.NamedParameters()))
        {
            var expected = a.ToArray<double>();
            var actual = b.ToArray<double>();
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-14 * Math.Max(1, Math.Abs(expected[i])), $"{name}[{i}]: {expected[i]} vs {actual[i]}");
            }
        }
    }

    [Fact]
    public void APullbackThatReadsTheWeightAfterTheLayerSeesTheOldWeight()
    {
        var g = new Generator(4);
        var fused = new Penalized(DType.Float64);
        var plain = new Penalized(DType.Float64);
        plain.LoadStateDict(fused.StateDict());
        var x = Tensor.Randn([10, 6], DType.Float64, g);
        var y = Tensor.Randn([10, 3], DType.Float64, g);
        var optFused = new Sgd(fused.Parameters(), lr: 0.1);
        var optPlain = new Sgd(plain.Parameters(), lr: 0.1);
        using (FusedUpdate.Begin(optFused))
        {
            optFused.Step(FusedObjectives.PenalizedLossWithGradient(fused, x, y).Gradient);
        }

        optPlain.Step(FusedObjectives.PenalizedLossWithGradient(plain, x, y).Gradient);
        var expected = plain.Layer.Weight.ToArray<double>();
        var actual = fused.Layer.Weight.ToArray<double>();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-14, $"weight[{i}]: {expected[i]} vs {actual[i]}");
        }
    }

    [Fact]
    public void AccumulatingRecordedProductsThrowsAndNestedScopesDoNotFuse()
    {
        var model = new Mlp(8, 5, 3);
        var x = Tensor.Randn(6, 8);
        var y = Tensor.RandInt(3, [6], new Generator(2));
        var optimizer = new Sgd(model.Parameters(), lr: 0.1);
        using (var outer = FusedUpdate.Begin(optimizer))
        {
            using (var inner = FusedUpdate.Begin(optimizer))
            {
                Assert.True(outer.IsFusing);
                Assert.False(inner.IsFusing);
            }

            var (_, grad) = Objectives.LossWithGradient(model, x, y);
            var error = Assert.Throws<InvalidOperationException>(() => optimizer.Accumulate(grad));
            Assert.Contains("Step(gradients)", error.Message, StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentNullException>(() => FusedUpdate.Begin(null!));
    }

    private static void AssertSameBits(Module expected, Module actual)
    {
        foreach (var ((name, a), (_, b)) in expected.NamedParameters().Zip(actual.NamedParameters()))
        {
            Assert.True(a.To(DType.Float64).ToArray<double>().SequenceEqual(b.To(DType.Float64).ToArray<double>()), name);
        }
    }
}

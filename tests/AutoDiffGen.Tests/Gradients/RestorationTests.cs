namespace AutoDiffGen.Tests.Gradients;

public class RestorationTests
{
    [Fact]
    public void Gradient_descent_through_shifts_and_cat_recovers_the_image()
    {
        var image = Tensor.Linspace(0, 1, 64).Sin() + (Tensor.Arange(64).To(DType.Float32) / 64).Square();
        var scrambled = Restoration.Scramble(image, 2);
        var candidate = Tensor.Rand([64], DType.Float32, new Generator(3));
        var (first, _) = Restoration.LossWithGradient(candidate, scrambled, 2);
        for (var step = 0; step < 1500; step++)
        {
            // The distance's gradient has unit length; scaling the step by the distance is descent on ½·distance².
            var (loss, gradient) = Restoration.LossWithGradient(candidate, scrambled, 2);
            candidate.AddInPlace(gradient, -0.5 * loss.Item<float>());
        }

        var (last, _) = Restoration.LossWithGradient(candidate, scrambled, 2);
        Assert.True(last.Item<float>() < first.Item<float>() / 20, $"loss {first.Item<float>()} → {last.Item<float>()}");
        Assert.True(candidate.Dist(image).Item<float>() < 0.01f * image.Norm().Item<float>(), $"distance to the original {candidate.Dist(image).Item<float>()}");
    }

    [Fact]
    public void Pullback_of_the_scramble_is_its_transpose()
    {
        // Scramble is linear: <S u, v> = <u, Sᵀ v> exactly, with Sᵀ v from the pullback.
        var u = Tensor.Randn([32], DType.Float64, new Generator(4));
        var v = Tensor.Randn([32], DType.Float64, new Generator(5));
        var (su, pullback) = Restoration.ScrambleWithPullback(u, 3);
        // Not covered by README's fused-sum tolerance: the fused region (0.7 * h) + (0.2 * left) + (0.1 * right)
        // is computed with multiply-adds (one rounding where C# rounds twice), so elements differ in the last bits.
        SameValue.Fused(Restoration.Scramble(u, 3), su);
        var left = (su * v).Sum().Item<double>();
        var right = (u * pullback.Invoke(v)).Sum().Item<double>();
        Assert.Equal(left, right, 1e-10);
    }
}

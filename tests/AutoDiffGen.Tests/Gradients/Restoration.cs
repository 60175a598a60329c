namespace AutoDiffGen.Tests.Gradients;

/// <summary>The image-restoration tutorial: a known scrambling function made of shifts, slices and Tensor.Cat.</summary>
public static partial class Restoration
{
    /// <summary>Rounds of a 3-tap filter over circular shifts, swapping the halves after every second round.</summary>
    [Differentiable]
    public static Tensor Scramble(Tensor image, int rounds)
    {
        var h = image;
        for (var r = 0; r < rounds; r++)
        {
            var left = Tensor.Cat([h[1..], h[..1]]);
            var right = Tensor.Cat([h[^1..], h[..^1]]);
            h = (0.7 * h) + (0.2 * left) + (0.1 * right);
            if (r % 2 == 1)
            {
                var half = h.Size(0) / 2;
                h = Tensor.Cat([h[half..], h[..half]]);
            }
        }

        return h;
    }

    /// <summary>How far the scrambled candidate is from the scrambled image.</summary>
    [Differentiable]
    public static Tensor Loss(Tensor candidate, [NoDiff] Tensor scrambled, int rounds) => Scramble(candidate, rounds).Dist(scrambled);
}

using AutoDiffGen;

namespace ImageRestoration;

/// <summary>
/// The known scrambling function and the two objectives built on it. Everything is ordinary tensor code marked
/// [Differentiable]: the generator writes the gradients of the calibration loss (with respect to the scrambler's
/// parameters) and of the restoration loss (with respect to the picture) at compile time.
/// </summary>
public static partial class Scrambling
{
    /// <summary>
    /// Scrambles a [3, size, size] image with values in (0, 1): a gamma curve per channel, an affine colour mix, then
    /// <paramref name="rounds"/> rounds of a 3-tap filter along the rows and the columns (wrapping around at the
    /// edges), swapping the top and bottom halves after every odd round, as in the tutorial's scrambler.
    /// </summary>
    /// <param name="image">The picture, [3, size, size], every value in (0, 1) so that the gamma curve is defined.</param>
    /// <param name="gamma">Exponent per channel, [3, 1, 1].</param>
    /// <param name="mix">Colour mix, [3, 3]: output channel c is Σₖ mix[c, k]·input channel k.</param>
    /// <param name="offset">Added per channel after the mix, [3, 1, 1].</param>
    /// <param name="taps">The filter (left, centre, right), [3], divided by its sum before use.</param>
    /// <param name="size">The image's height and width.</param>
    /// <param name="rounds">How many rounds of filtering.</param>
    [Differentiable]
    public static Tensor Scramble(Tensor image, Tensor gamma, Tensor mix, Tensor offset, Tensor taps, int size, int rounds)
    {
        var toned = image.Pow(gamma);
        var x = Tensor.MatMul(mix, toned.Flatten(1)).View(3, size, size) + offset;

        // Normalised to sum to one, so the filter keeps brightness; otherwise scaling the taps by s and the mix and
        // offset by 1/s⁴ would give the same output, and calibration could not tell those settings apart.
        var weights = taps / taps.Sum();
        for (var round = 0; round < rounds; round++)
        {
            // Along the columns (dim 2), then the rows (dim 1): neighbours come from the image shifted by one pixel.
            var left = Tensor.Cat([x[.., .., ^1..], x[.., .., ..^1]], 2);
            var right = Tensor.Cat([x[.., .., 1..], x[.., .., ..1]], 2);
            x = (weights[0] * left) + (weights[1] * x) + (weights[2] * right);
            var up = Tensor.Cat([x[.., ^1.., ..], x[.., ..^1, ..]], 1);
            var down = Tensor.Cat([x[.., 1.., ..], x[.., ..1, ..]], 1);
            x = (weights[0] * up) + (weights[1] * x) + (weights[2] * down);
            if (round % 2 == 1)
            {
                x = Tensor.Cat([x[.., (size / 2).., ..], x[.., ..(size / 2), ..]], 1);
            }
        }

        return x;
    }

    /// <summary>
    /// How far the scrambler's output on the calibration chart is from the scrambled chart we observed: the
    /// Euclidean distance, whose gradient (generated) is with respect to every parameter of <paramref name="model"/>.
    /// </summary>
    [Differentiable]
    public static Tensor CalibrationLoss(Scrambler model, [NoDiff] Tensor chart, [NoDiff] Tensor observed) =>
        model.Forward(chart).Dist(observed);

    /// <summary>
    /// How far the candidate picture, once scrambled with the fitted parameters, is from the scrambled picture. The
    /// candidate is held as logits (the picture is their sigmoid) so it stays in (0, 1), where the gamma curve is
    /// defined, whatever step the optimizer takes.
    /// </summary>
    [Differentiable]
    public static Tensor RestorationLoss(
        Tensor logits, [NoDiff] Tensor gamma, [NoDiff] Tensor mix, [NoDiff] Tensor offset, [NoDiff] Tensor taps, int size, int rounds, [NoDiff] Tensor observed) =>
        Scramble(logits.Sigmoid(), gamma, mix, offset, taps, size, rounds).Dist(observed);
}

using AutoDiffGen;

namespace Classifier;

/// <summary>
/// Handwriting-like digits drawn on the fly: a built-in stand-in for MNIST that needs no download. Sample i is digit
/// i mod 10, drawn from the stroke font with its own random wobble of the pen, rotation, scale, shear, shift, pen
/// width and background noise, all drawn from (seed, i): the same sample on every read, machine and worker count.
/// Each sample is a [1, 28, 28] float tensor in [0, 1] (what <c>ToTensor</c> gives for an MNIST image) and its label.
/// </summary>
public sealed class SyntheticDigits : Dataset<(Tensor Input, long Label)>
{
    /// <summary>The side of each image, as in MNIST.</summary>
    public const int Size = 28;

    private readonly long _seed;

    /// <param name="count">How many samples (the labels cycle 0–9, so each class gets count / 10).</param>
    /// <param name="seed">Seeds every sample's randomness; two datasets with different seeds share no drawings.</param>
    public SyntheticDigits(int count, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Count = count;
        _seed = seed;
    }

    public override int Count { get; }

    public override (Tensor Input, long Label) this[int index]
    {
        get
        {
            CheckIndex(index);
            var digit = index % 10;
            var random = new Random(unchecked((int)((_seed * 1_000_003) + index)));
            return (Tensor.FromArray(Render(digit, random), [1, Size, Size]), digit);
        }
    }

    /// <summary>Draws <paramref name="digit"/> with the randomness of <paramref name="random"/>; 784 values in [0, 1], row by row.</summary>
    internal static float[] Render(int digit, Random random)
    {
        // The pen's path: the font's points, each nudged a little, then one random affine map about the centre.
        var angle = Uniform(random, -0.35, 0.35);
        var (scaleX, scaleY) = (Uniform(random, 0.65, 1.15), Uniform(random, 0.75, 1.15));
        var shear = Uniform(random, -0.4, 0.4);
        var (shiftX, shiftY) = (Uniform(random, -0.1, 0.1), Uniform(random, -0.08, 0.08));
        var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));
        var radius = Uniform(random, 0.6, 2.2);
        var pixels = new float[Size * Size];
        foreach (var stroke in DigitStrokes.Of(digit))
        {
            var path = new (double X, double Y)[stroke.Length];
            var (wobbleX, wobbleY) = (Uniform(random, -0.05, 0.05), Uniform(random, -0.05, 0.05));
            for (var i = 0; i < stroke.Length; i++)
            {
                var x = stroke[i].X - 0.5 + wobbleX + Uniform(random, -0.018, 0.018);
                var y = stroke[i].Y - 0.5 + wobbleY + Uniform(random, -0.018, 0.018);
                (x, y) = ((x * scaleX) + (y * shear), y * scaleY);
                (x, y) = ((x * cos) - (y * sin), (x * sin) + (y * cos));
                path[i] = ((x + 0.5 + shiftX) * Size, (y + 0.5 + shiftY) * Size);
            }

            for (var i = 0; i + 1 < path.Length; i++)
            {
                DrawSegment(pixels, path[i], path[i + 1], radius);
            }
        }

        // Sensor noise on top, then back into [0, 1].
        var noise = Uniform(random, 0, 0.2);
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = Math.Clamp(pixels[i] + (float)(noise * Gaussian(random)), 0f, 1f);
        }

        return pixels;
    }

    /// <summary>Ink of a round pen of <paramref name="radius"/> pixels along a segment, anti-aliased over one pixel.</summary>
    private static void DrawSegment(float[] pixels, (double X, double Y) a, (double X, double Y) b, double radius)
    {
        var reach = radius + 1;
        var (left, right) = ((int)Math.Max(0, Math.Floor(Math.Min(a.X, b.X) - reach)), (int)Math.Min(Size - 1, Math.Ceiling(Math.Max(a.X, b.X) + reach)));
        var (top, bottom) = ((int)Math.Max(0, Math.Floor(Math.Min(a.Y, b.Y) - reach)), (int)Math.Min(Size - 1, Math.Ceiling(Math.Max(a.Y, b.Y) + reach)));
        var (dx, dy) = (b.X - a.X, b.Y - a.Y);
        var lengthSquared = Math.Max((dx * dx) + (dy * dy), 1e-12);
        for (var row = top; row <= bottom; row++)
        {
            for (var col = left; col <= right; col++)
            {
                var (px, py) = (col + 0.5 - a.X, row + 0.5 - a.Y);
                var t = Math.Clamp(((px * dx) + (py * dy)) / lengthSquared, 0, 1);
                var (ex, ey) = (px - (t * dx), py - (t * dy));
                var ink = (float)Math.Clamp(radius + 0.5 - Math.Sqrt((ex * ex) + (ey * ey)), 0, 1);
                ref var pixel = ref pixels[(row * Size) + col];
                pixel = Math.Max(pixel, ink);
            }
        }
    }

    private static double Uniform(Random random, double min, double max) => min + ((max - min) * random.NextDouble());

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

using AutoDiffGen;

namespace ImageRestoration;

/// <summary>The built-in pictures: nothing to download, the same pixels on every machine.</summary>
public static class TestImages
{
    /// <summary>
    /// A small landscape, [3, size, size] in (0, 1): a sky gradient, a sun, hills, a house with a roof and a window.
    /// Flat areas, soft gradients and sharp edges, so both colour and blur errors show.
    /// </summary>
    public static Tensor Landscape(int size)
    {
        var pixels = new float[3 * size * size];
        for (var row = 0; row < size; row++)
        {
            for (var col = 0; col < size; col++)
            {
                var (u, v) = ((col + 0.5) / size, (row + 0.5) / size);
                var color = Pixel(u, v);
                for (var c = 0; c < 3; c++)
                {
                    // Kept inside (0, 1): the gamma curve x^γ and its derivative need x > 0.
                    pixels[(c * size * size) + (row * size) + col] = (float)Math.Clamp(color[c], 0.03, 0.97);
                }
            }
        }

        return Tensor.FromArray(pixels, [3, size, size]);
    }

    /// <summary>
    /// A calibration chart of random pixels, [3, size, size] in [0.05, 0.95]: every colour and every spatial
    /// frequency appears, so each parameter of the scrambler leaves a trace that calibration can fit.
    /// </summary>
    public static Tensor NoiseChart(int size, long seed) =>
        (Tensor.Rand([3, size, size], DType.Float32, new Generator(seed)) * 0.9) + 0.05;

    private static double[] Pixel(double u, double v)
    {
        // Sky: light blue at the top to pale near the horizon.
        double[] color = [0.35 + (0.45 * v), 0.55 + (0.35 * v), 0.95 - (0.1 * v)];
        if (Square(u - 0.78) + Square(v - 0.2) < Square(0.11))
        {
            color = [0.98, 0.85, 0.2];
        }

        var hill = 0.62 + (0.06 * Math.Sin(u * 9)) - (0.05 * Math.Cos(u * 4));
        if (v > hill)
        {
            var shade = (v - hill) * 1.5;
            color = [0.2 + (0.1 * shade), 0.6 - (0.3 * shade), 0.2];
        }

        var inHouse = u > 0.2 && u < 0.45 && v > 0.5 && v < 0.78;
        if (inHouse)
        {
            color = [0.85, 0.8, 0.65];
        }

        // The roof: a triangle over the house.
        if (v <= 0.5 && v > 0.34 && Math.Abs(u - 0.325) < (v - 0.34) * 1.05)
        {
            color = [0.75, 0.15, 0.12];
        }

        if (inHouse && u > 0.26 && u < 0.33 && v > 0.56 && v < 0.64)
        {
            color = [0.15, 0.25, 0.45];
        }

        if (inHouse && u > 0.36 && u < 0.41 && v > 0.64)
        {
            color = [0.4, 0.25, 0.1];
        }

        return color;
    }

    private static double Square(double x) => x * x;
}

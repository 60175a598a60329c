namespace AutoDiffGen.Tests.Data;

/// <summary>
/// A dataset of n samples (x_i, i) where x_i = [i, i + 0.5] (float32), so a batch's values name the samples it holds.
/// It counts reads, can fail at one index, and can block reads until released, to test the loader's workers.
/// </summary>
internal sealed class ProbeDataset(int count, int failAt = -1) : Dataset<(Tensor Input, long Label)>
{
    private int _reads;

    public override int Count => count;

    public int Reads => Volatile.Read(ref _reads);

    public override (Tensor Input, long Label) this[int index]
    {
        get
        {
            CheckIndex(index);
            Interlocked.Increment(ref _reads);
            if (index == failAt)
            {
                throw new InvalidOperationException($"probe failure at {index}");
            }

            return (Tensor.FromArray(new[] { index, index + 0.5f }, [2]), index);
        }
    }
}

internal static class DataTestKit
{
    /// <summary>The sample ids (labels) of every batch of one epoch.</summary>
    public static List<long[]> Epoch(DataLoader loader) =>
        [.. loader.Select(b => b.Target.ToArray<long>())];

    /// <summary>Asserts every batch's inputs are the rows [i, i + 0.5] of its labels i.</summary>
    public static void AssertConsistent((Tensor Input, Tensor Target) batch)
    {
        var ids = batch.Target.ToArray<long>();
        Assert.Equal([ids.Length, 2], batch.Input.Shape.ToArray());
        Assert.Equal(ids.SelectMany(i => new[] { (float)i, i + 0.5f }).ToArray(), batch.Input.ToArray<float>());
    }

    /// <summary>An 8-bit image whose byte at (y, x, c) is (seed + 37·y + 11·x + 101·c) mod 256.</summary>
    public static Image PatternImage(int height, int width, int channels, int seed = 0)
    {
        var pixels = new byte[height * width * channels];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    pixels[(((y * width) + x) * channels) + c] = (byte)((seed + (37 * y) + (11 * x) + (101 * c)) % 256);
                }
            }
        }

        return new Image(height, width, channels, pixels);
    }

    /// <summary>A [c, h, w] float32 tensor holding 0, 1, 2, … in row-major order.</summary>
    public static Tensor Ramp(int c, int h, int w) => Tensor.Arange(c * h * w).To(DType.Float32).View(c, h, w);
}

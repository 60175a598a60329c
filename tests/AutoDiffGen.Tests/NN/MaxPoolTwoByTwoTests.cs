using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.NN;

/// <summary>
/// The 2×2 stride-2 max pooling fast path picks the same element as the general window loop: the first maximum
/// row by row, a NaN over any number, the last of several NaNs; odd sizes drop the last row and column. Float rows
/// take the vector path (masked at row ends, so widths around 8 and 16 windows matter), double rows the scalar one.
/// </summary>
public class MaxPoolTwoByTwoTests
{
    [Theory]
    [InlineData(6, 8, false)]
    [InlineData(7, 5, false)]
    [InlineData(6, 8, true)]
    [InlineData(7, 5, true)]
    [InlineData(4, 28, true)]
    [InlineData(3, 37, true)]
    [InlineData(2, 64, true)]
    public void Ties_and_NaNs_go_where_the_general_loop_sends_them(int h, int w, bool float32)
    {
        var rng = new System.Random(h * w);
        var planes = 3;
        // Few distinct values make ties common; NaNs are sprinkled in.
        var x = Enumerable.Range(0, planes * h * w).Select(_ => rng.Next(10) == 0 ? double.NaN : rng.Next(3)).ToArray();
        var g = new PoolGeometry(planes, h, w, 2, 2, 2, 2, 0, 0);
        var gy = Enumerable.Range(0, planes * g.OH * g.OW).Select(i => i + 1.0).ToArray();
        var (y, gx) = float32 ? RunFloat(x, gy, g) : RunDouble(x, gy, g);

        var expectedGx = new double[x.Length];
        for (var p = 0; p < planes; p++)
        {
            for (var oh = 0; oh < g.OH; oh++)
            {
                for (var ow = 0; ow < g.OW; ow++)
                {
                    var best = -1;
                    var max = double.NegativeInfinity;
                    for (var i = 0; i < 2; i++)
                    {
                        for (var j = 0; j < 2; j++)
                        {
                            var at = (p * h * w) + (((2 * oh) + i) * w) + (2 * ow) + j;
                            if (best < 0 || x[at] > max || double.IsNaN(x[at]))
                            {
                                (best, max) = (at, x[at]);
                            }
                        }
                    }

                    var o = (((p * g.OH) + oh) * g.OW) + ow;
                    Assert.Equal(BitConverter.DoubleToInt64Bits(max), BitConverter.DoubleToInt64Bits(y[o]));
                    expectedGx[best] = gy[o];
                }
            }
        }

        Assert.Equal(expectedGx, gx);
    }

    private static (double[] Y, double[] Gx) RunDouble(double[] x, double[] gy, PoolGeometry g)
    {
        var y = new double[gy.Length];
        var gx = Enumerable.Repeat(-1.0, x.Length).ToArray();
        PoolKernels.MaxForward<double>(x, y, g);
        PoolKernels.MaxBackward<double>(x, gy, gx, g);
        return (y, gx);
    }

    private static (double[] Y, double[] Gx) RunFloat(double[] x, double[] gy, PoolGeometry g)
    {
        var y = new float[gy.Length];
        var gx = Enumerable.Repeat(-1f, x.Length).ToArray();
        PoolKernels.MaxForward<float>(x.Select(v => (float)v).ToArray(), y, g);
        PoolKernels.MaxBackward<float>(x.Select(v => (float)v).ToArray(), gy.Select(v => (float)v).ToArray(), gx, g);
        return (y.Select(v => (double)v).ToArray(), gx.Select(v => (double)v).ToArray());
    }
}

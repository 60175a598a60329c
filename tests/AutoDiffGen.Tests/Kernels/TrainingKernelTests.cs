using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

/// <summary>
/// The vectorised training-step kernels give exactly the bits of the formulas they replace: the ReLU adjoint in one
/// pass equals <c>adjoint * x.Gt(0).To(dtype)</c>, and the vector SGD update equals the scalar update in double.
/// </summary>
public sealed class TrainingKernelTests
{
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void ReluGradientEqualsMaskTimesAdjoint(DType dtype)
    {
        // Lengths past a vector, specials in x (±0, NaN, ±∞) and in the adjoint (NaN, ±∞, negatives give −0).
        double[] xs = [1, -1, 0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 2.5, -3, 1e-30, -1e-30, 7, -7, 0.5, -0.5, 4, -4, 9, -9];
        double[] gs = [2, -2, double.NaN, -1, 3, double.PositiveInfinity, double.NegativeInfinity, -5, double.NaN, -0.25, 0.25, double.NegativeInfinity, -8, 1, -1, 0, -0.0, 6, -6];
        var x = Tensor.FromArray(xs).To(dtype);
        var g = Tensor.FromArray(gs).To(dtype);
        var expected = (g * x.Gt(0).To(dtype)).To(DType.Float64).ToArray<double>();
        var actual = Tensor.ReluGradient(x, g).To(DType.Float64).ToArray<double>();
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));

        // A strided adjoint takes the tensor-op path and still agrees.
        var wide = Tensor.FromArray((double[])[.. gs, .. gs]).To(dtype).Reshape(2, gs.Length).T.Contiguous().T[0];
        Assert.Equal(expected, Tensor.ReluGradient(x, wide).To(DType.Float64).ToArray<double>());
    }

    [Theory]
    [InlineData(0, 0, 0, false, false, false)]
    [InlineData(0, 0, 0, false, false, true)]
    [InlineData(0.9, 0, 0, false, true, false)]
    [InlineData(0.9, 0.3, 0.1, false, false, false)]
    [InlineData(0.8, 0, 0.2, true, false, true)]
    public void VectorSgdEqualsTheScalarFormula(double momentum, double dampening, double weightDecay, bool nesterov, bool first, bool maximize)
    {
        var h = new SgdKernels.Hyper(0.03, momentum, 1 - dampening, weightDecay, maximize ? -1 : 1, nesterov, first);
        var rng = new Random(5);
        const int N = 37;
        var p = Enumerable.Range(0, N).Select(_ => (float)((rng.NextDouble() * 4) - 2)).ToArray();
        var g = Enumerable.Range(0, N).Select(_ => (float)((rng.NextDouble() * 4) - 2)).ToArray();
        var b = Enumerable.Range(0, N).Select(_ => (float)rng.NextDouble()).ToArray();
        var (pe, be) = ((float[])p.Clone(), (float[])b.Clone());
        for (var i = 0; i < N; i++)
        {
            var theta = (double)pe[i];
            var d = (h.Sign * g[i]) + (weightDecay != 0 ? weightDecay * theta : 0);
            if (momentum != 0)
            {
                var buf = first ? d : (momentum * be[i]) + (h.Damp * d);
                be[i] = (float)buf;
                d = nesterov ? d + (momentum * buf) : buf;
            }

            pe[i] = (float)(theta - (h.Lr * d));
        }

        SgdKernels.Update(p, g, b, h);
        Assert.Equal(pe, p);
        Assert.Equal(momentum != 0 ? be : b, b);

        var pd = p.Select(v => (double)v).ToArray();
        var pdExpected = pd.Zip(g, (t, v) => t - (h.Lr * h.Sign * v)).ToArray();
        if (momentum == 0 && weightDecay == 0)
        {
            SgdKernels.Update(pd, [.. g.Select(v => (double)v)], [], h);
            Assert.Equal(pdExpected, pd);
        }
    }
}

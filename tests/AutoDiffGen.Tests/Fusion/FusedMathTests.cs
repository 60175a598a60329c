using System.Numerics;
using System.Runtime.Intrinsics;
using AutoDiffGen.Fusion;

namespace AutoDiffGen.Tests.Fusion;

/// <summary>
/// The float32 approximations of the fused loops (tanh, exp, sigmoid over <see cref="Vector{T}"/> and
/// <see cref="Vector512{T}"/> lanes) against the exact functions in double, float64 lanes against <see cref="Math"/>,
/// and the masked loads that read one-value and full-size operands alike.
/// </summary>
public class FusedMathTests
{
    private const double Relative = 1e-6;

    // Every 1/4096 over the range, plus the edges of the approximations' pieces.
    private static float[] Inputs(float low, float high)
    {
        var values = new List<float> { 0f, -0f, 1e-30f, -1e-30f, 0.0004f, -0.0004f, 0.00039f, 7.9053111f, -7.9053111f, 7.91f, -7.91f, low, high };
        for (var x = low; x <= high; x += 1f / 4096)
        {
            values.Add(x);
        }

        // Pad to a whole number of the widest vector.
        while (values.Count % Vector512<float>.Count != 0 || values.Count % Vector<float>.Count != 0)
        {
            values.Add(0.5f);
        }

        return [.. values];
    }

    private static void Within(float[] inputs, float[] actual, Func<double, double> exact, string what)
    {
        for (var i = 0; i < inputs.Length; i++)
        {
            var e = exact(inputs[i]);
            var error = Math.Abs(actual[i] - e);
            if (!(error <= (Relative * Math.Abs(e)) + 1e-37))
            {
                Assert.Fail($"{what}({inputs[i]:R}) = {actual[i]:R}, exact {e:R}: relative error {error / Math.Abs(e):E2}");
            }
        }
    }

    private static float[] OverVector(float[] x, Func<Vector<float>, Vector<float>> f)
    {
        var result = new float[x.Length];
        for (var i = 0; i < x.Length; i += Vector<float>.Count)
        {
            f(new Vector<float>(x, i)).CopyTo(result, i);
        }

        return result;
    }

    private static float[] OverWide(float[] x, Func<Vector512<float>, Vector512<float>> f)
    {
        var result = new float[x.Length];
        for (var i = 0; i < x.Length; i += Vector512<float>.Count)
        {
            f(Vector512.Create(x.AsSpan(i, Vector512<float>.Count))).CopyTo(result, i);
        }

        return result;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    [Fact]
    public void Float32_tanh_is_within_1e_6_relative_in_every_lane_width()
    {
        var x = Inputs(-12, 12);
        Within(x, OverVector(x, FusedMath.Tanh), Math.Tanh, "Tanh(Vector<float>)");
        Within(x, OverWide(x, FusedMath.Tanh), Math.Tanh, "Tanh(Vector512<float>)");
        Within(x, [.. x.Select(v => FusedMath.Tanh(v))], Math.Tanh, "Tanh(float)");
    }

    [Fact]
    public void Float32_exp_is_within_1e_6_relative_in_every_lane_width()
    {
        var x = Inputs(-87, 88);
        Within(x, OverVector(x, FusedMath.Exp), Math.Exp, "Exp(Vector<float>)");
        Within(x, OverWide(x, FusedMath.Exp), Math.Exp, "Exp(Vector512<float>)");
    }

    [Fact]
    public void Float32_sigmoid_is_within_1e_6_relative_in_every_lane_width()
    {
        var x = Inputs(-80, 80);
        Within(x, OverVector(x, FusedMath.Sigmoid), Sigmoid, "Sigmoid(Vector<float>)");
        Within(x, OverWide(x, FusedMath.Sigmoid), Sigmoid, "Sigmoid(Vector512<float>)");
        Within(x, [.. x.Select(v => FusedMath.Sigmoid(v))], Sigmoid, "Sigmoid(float)");
    }

    [Fact]
    public void Float64_transcendentals_are_those_of_Math_in_every_lane()
    {
        var x = Enumerable.Range(0, 64).Select(i => (i - 31.5) * 0.37).ToArray();
        for (var i = 0; i < x.Length; i += Vector512<double>.Count)
        {
            var wide = Vector512.Create(x.AsSpan(i, Vector512<double>.Count));
            var tanh = FusedMath.Tanh(wide);
            var exp = FusedMath.Exp(wide);
            for (var k = 0; k < Vector512<double>.Count; k++)
            {
                Assert.Equal(Math.Tanh(x[i + k]), tanh[k]);
                Assert.Equal(Math.Exp(x[i + k]), exp[k]);
            }
        }

        for (var i = 0; i < x.Length; i += Vector<double>.Count)
        {
            var lanes = new Vector<double>(x, i);
            var tanh = FusedMath.Tanh(lanes);
            var exp = FusedMath.Exp(lanes);
            for (var k = 0; k < Vector<double>.Count; k++)
            {
                Assert.Equal(Math.Tanh(x[i + k]), tanh[k]);
                Assert.Equal(Math.Exp(x[i + k]), exp[k]);
            }
        }
    }

    [Fact]
    public void A_one_value_operand_reads_its_value_in_every_lane_at_every_index()
    {
        var plan = Fused.Plan([Tensor.Zeros([1000], DType.Float32)]);
        var operand = Fused.Operand<float>(Tensor.Full([], 2.5, DType.Float64), plan);
        Assert.Equal(0, operand.Stride);
        Assert.True(operand.OneElement);
        foreach (var index in new[] { 0, 16, 999 })
        {
            Assert.Equal(Vector512.Create(2.5f), FusedMath.Load512(ref operand.Ref, operand.Mask, index));
            Assert.Equal(new Vector<float>(2.5f), FusedMath.Load(ref operand.Ref, operand.Mask, index));
            Assert.Equal(2.5f, FusedMath.Element(ref operand.Ref, operand.Mask, index));
        }

        var full = Fused.Operand<float>(Tensor.Arange(1000).To(DType.Float32), plan);
        Assert.Equal(-1, full.Mask);
        Assert.Equal(Vector512.Create(Enumerable.Range(16, 16).Select(v => (float)v).ToArray()), FusedMath.Load512(ref full.Ref, full.Mask, 16));
        Assert.Equal(999f, FusedMath.Element(ref full.Ref, full.Mask, 999));
    }

    [Fact]
    public void A_stride_0_operand_without_a_block_of_copies_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new FusedOperand<float>([1f], 0, 0, true));
        Assert.Contains("Broadcast", error.Message, StringComparison.Ordinal);
    }
}

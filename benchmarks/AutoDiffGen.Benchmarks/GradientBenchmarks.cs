using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>The tutorial functions, differentiated at compile time.</summary>
public static partial class Tutorial
{
    [Differentiable]
    public static double Cubic(double x) => (0.1 * Math.Pow(x, 3)) - (0.8 * Math.Pow(x, 2)) - (1.5 * x) + 5.4;

    [Differentiable]
    public static Tensor R(Tensor x)
    {
        var y = x + 1;
        var z = 2 * y.Pow(2);
        return z.Mean();
    }

    [Differentiable]
    public static Tensor Loss(Tensor w, Tensor b, [NoDiff] Tensor x, [NoDiff] Tensor y)
        => (Tensor.MatMul(x, w) + b - y).Pow(2).Mean();
}

/// <summary>
/// What a generated gradient costs: next to evaluating the function (scalar), as one autograd step on 2×2 tensors
/// (TorchSharp: ~50 µs here), and as a whole 1001-epoch linear regression (TorchSharp: ~82 ms here).
/// </summary>
[MemoryDiagnoser]
public class GradientBenchmarks
{
    private double _x = 2.0;
    private Tensor _ones = null!;
    private Tensor _data = null!;
    private Tensor _labels = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ones = Tensor.Ones(2, 2);
        Tensor.ManualSeed(0);
        _data = Tensor.Arange(5).To(DType.Float32).Unsqueeze(1);
        _labels = (2 * _data) + Tensor.Rand(5, 1);
    }

    [Benchmark(Baseline = true, Description = "cubic(x)")]
    public double CubicValue() => Tutorial.Cubic(_x += 1e-9);

    [Benchmark(Description = "CubicWithGradient(x)")]
    public double CubicGradient()
    {
        var (value, slope) = Tutorial.CubicWithGradient(_x += 1e-9);
        return value + slope;
    }

    [Benchmark(Description = "RWithGradient(ones(2,2)): mean(2(x+1)²) step")]
    public Tensor RStep() => Tutorial.RWithGradient(_ones).Gradient;

    [Benchmark(Description = "linear regression, 1001 epochs of LossWithGradient + SGD")]
    public Tensor LinearRegression()
    {
        var w = Tensor.Full([1, 1], 0.5);
        var b = Tensor.Full([1], 0.1);
        for (var epoch = 0; epoch <= 1000; epoch++)
        {
            var (_, (gw, gb)) = Tutorial.LossWithGradient(w, b, _data, _labels);
            w.AddInPlace(gw, -1e-3);
            b.AddInPlace(gb, -1e-3);
        }

        return w;
    }
}

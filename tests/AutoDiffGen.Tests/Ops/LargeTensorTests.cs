using AutoDiffGen.Tests.Reference;

namespace AutoDiffGen.Tests.Ops;

/// <summary>
/// Tensors of 307,200 elements (600×512), above the 2^18-element threshold where contiguous elementwise work is
/// split over threads, checked element by element so a wrong chunk boundary or offset shows.
/// </summary>
public class LargeTensorTests
{
    private const int Rows = 600;
    private const int Cols = 512;
    private const int N = Rows * Cols;

    private static (Tensor Tensor, double[] Values) MakeRandom(int seed, DType dtype, bool positive = false)
    {
        var rng = new Random(seed);
        var values = new double[N];
        for (var i = 0; i < N; i++)
        {
            var v = dtype.IsFloatingPoint() ? (rng.NextDouble() * 6) - 3 : rng.Next(-1000, 1000);
            values[i] = RefTensor.Store(positive ? Math.Abs(v) + 0.5 : v, dtype);
        }

        return (OpsHelpers.FromValues(values, [Rows, Cols], dtype), values);
    }

    private static void AssertAll(double[] expected, Tensor actual, string context, double tolerance = 1e-5)
    {
        Assert.Equal(new[] { Rows, Cols }, actual.Shape.ToArray());
        var values = OpsHelpers.Read(actual);
        for (var i = 0; i < N; i++)
        {
            var e = RefTensor.Store(expected[i], actual.DType);
            if (values[i] != e && !(double.IsNaN(e) && double.IsNaN(values[i])) && !(Math.Abs(values[i] - e) <= tolerance * (1 + Math.Abs(e))))
            {
                Assert.Fail($"{context}: element {i} is {values[i]}, expected {e}.");
            }
        }
    }

    private static double[] Zip(double[] a, double[] b, Func<double, double, double> f) => [.. a.Select((x, i) => f(x, b[i]))];

    [Fact]
    public void BinaryUnaryAndScalarOpsOnLargeContiguousTensors()
    {
        var (a, av) = MakeRandom(1, DType.Float32);
        var (b, bv) = MakeRandom(2, DType.Float32, positive: true);
        AssertAll(Zip(av, bv, (x, y) => x + y), a + b, "Add");
        AssertAll(Zip(av, bv, (x, y) => x - y), a - b, "Sub");
        AssertAll(Zip(av, bv, (x, y) => x * y), a * b, "Mul");
        AssertAll(Zip(av, bv, (x, y) => x / y), a / b, "Div");
        AssertAll(Zip(av, bv, Math.Max), a.Maximum(b), "Maximum");
        AssertAll(Zip(bv, av, Math.Pow), b.Pow(a), "Pow");
        AssertAll([.. av.Select(x => x * 2.5)], a * 2.5, "Mul scalar");
        AssertAll([.. av.Select(x => 1.5 - x)], 1.5 - a, "scalar Sub");
        AssertAll([.. av.Select(Math.Exp)], a.Exp(), "Exp");
        AssertAll([.. av.Select(x => 1 / (1 + Math.Exp(-x)))], a.Sigmoid(), "Sigmoid");
        AssertAll([.. av.Select(Math.Tanh)], a.Tanh(), "Tanh");
        AssertAll([.. bv.Select(Math.Sqrt)], b.Sqrt(), "Sqrt");
        AssertAll([.. av.Select(x => x * x)], a.Square(), "Square");
        AssertAll(Zip(av, bv, (x, y) => x + (0.5 * y)), a.Add(b, 0.5), "Add alpha");
    }

    [Fact]
    public void LargeIntegerAndDoubleOpsAndConversions()
    {
        var (i, iv) = MakeRandom(3, DType.Int64);
        var (j, jv) = MakeRandom(4, DType.Int32);
        AssertAll(Zip(iv, jv, (x, y) => x * y), i * j, "Int64 * Int32", 0);
        AssertAll([.. iv.Select(x => x + 7)], i + 7L, "Int64 + 7", 0);
        AssertAll(Zip(iv, jv, (x, y) => x / y), i / j, "Int64 / Int32 is float32");
        AssertAll([.. iv.Select(Math.Abs)], i.Abs(), "Abs", 0);
        var (d, dv) = MakeRandom(5, DType.Float64);
        AssertAll(Zip(dv, iv, (x, y) => x - y), d - i, "Float64 - Int64", 1e-12);
        AssertAll(dv, d.To(DType.Float32), "To Float32");
        AssertAll([.. dv.Select(Math.Truncate)], d.To(DType.Int32), "To Int32", 0);
        AssertAll(iv, i.To(DType.Float64), "To Float64", 0);
    }

    [Fact]
    public void LargeInPlaceAndViewOperands()
    {
        var (a, av) = MakeRandom(6, DType.Float32);
        var (b, bv) = MakeRandom(7, DType.Float32);
        a.AddInPlace(b);
        var expected = Zip(av, bv, (x, y) => x + y);
        AssertAll(expected, a, "AddInPlace");
        a.MulInPlace(3.0);
        expected = [.. expected.Select(x => RefTensor.Store(x, DType.Float32) * 3)];
        AssertAll(expected, a, "MulInPlace");
        a.AddInPlace(b, -2);
        expected = [.. expected.Select((x, k) => RefTensor.Store(x, DType.Float32) - (2 * bv[k]))];
        AssertAll(expected, a, "AddInPlace alpha");
        a.ReluInPlace();
        expected = [.. expected.Select(x => Math.Max(RefTensor.Store(x, DType.Float32), 0))];
        AssertAll(expected, a, "ReluInPlace");

        // A row broadcast over all rows, and a transposed operand (strided, not the split path).
        var row = Tensor.Arange(0.0, Cols);
        AssertAll([.. bv.Select((x, k) => x + (k % Cols))], b + row, "broadcast row");
        var bt = b.T.Contiguous().T;
        Assert.False(bt.IsContiguous);
        AssertAll(Zip(bv, bv, (x, y) => x * y), bt * b, "transposed operand");
        AssertAll([.. bv.Select(Math.Exp)], bt.Exp(), "Exp of transposed");
    }
}

using AutoDiffGen.Tests.Reference;

namespace AutoDiffGen.Tests.Ops;

/// <summary>
/// Every binary op, tensor with tensor, against the float64 reference: for each op and each pair of dtypes, 24
/// seeded shape pairs (broadcasting, 0-d, zero-size) with operands in random layouts (contiguous, permuted,
/// stepped, offset, expanded). The result dtype is PyTorch's, from <see cref="RefPromotion"/>.
/// </summary>
public class BinaryOpTests
{
    public static TheoryData<string, DType, DType> Cases()
    {
        var data = new TheoryData<string, DType, DType>();
        foreach (var op in RefOps.BinaryNames)
        {
            foreach (var a in OpsHelpers.AllTypes)
            {
                foreach (var b in OpsHelpers.AllTypes)
                {
                    // torch.pow is not defined for two bool tensors: nothing to compare.
                    if (op != "Pow" || a != DType.Bool || b != DType.Bool)
                    {
                        data.Add(op, a, b);
                    }
                }
            }
        }

        return data;
    }

    public static Tensor Apply(string op, Tensor a, Tensor b) => op switch
    {
        "Add" => a + b,
        "Sub" => a - b,
        "Mul" => a * b,
        "Div" => a / b,
        "Maximum" => a.Maximum(b),
        "Minimum" => a.Minimum(b),
        "Pow" => a.Pow(b),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesReference(string op, DType aType, DType bType)
    {
        var seed = (Array.IndexOf(RefOps.BinaryNames, op) * 100) + ((int)aType * 10) + (int)bType;
        var rng = new Random(seed);
        foreach (var (aShape, bShape) in OpsHelpers.ShapePairs(seed))
        {
            var (a, aRef) = OpsHelpers.Operand(rng, aShape, aType, OpsHelpers.RandomLayout(rng));
            var (b, bRef) = OpsHelpers.Operand(rng, bShape, bType, OpsHelpers.RandomLayout(rng));
            var context = $"{op}({aType}{OpsHelpers.Describe(aShape)}, {bType}{OpsHelpers.Describe(bShape)}) seed {seed}";
            if (op == "Sub" && aType == DType.Bool && bType == DType.Bool)
            {
                // PyTorch refuses bool - bool.
                Assert.Throws<TensorDTypeException>(() => Apply(op, a, b));
                continue;
            }

            var resultType = RefOps.BinaryType(op, aRef, bRef);
            var integral = !RefPromotion.IsFloat(resultType);
            var expected = RefTensor.Zip(aRef, bRef, RefOps.Binary(op, integral), resultType);
            var actual = Apply(op, a, b);
            OpsHelpers.AssertMatches(expected, actual, context);
        }
    }

    [Theory]
    [InlineData(DType.Int64)]
    [InlineData(DType.Int32)]
    public void IntegerPowWithNegativeExponentTruncatesLikeCDivision(DType dtype)
    {
        // PyTorch: torch.tensor([2, 1, -1, -1, 0, 3]) ** torch.tensor([-1, -3, -1, -2, 2, 0]) == [0, 1, -1, 1, 0, 1].
        var x = OpsHelpers.FromValues([2, 1, -1, -1, 0, 3, -2], [7], dtype);
        var e = OpsHelpers.FromValues([-1, -3, -1, -2, 2, 0, -1], [7], dtype);
        var result = x.Pow(e);
        Assert.Equal(dtype, result.DType);
        Assert.Equal([0, 1, -1, 1, 0, 1, 0], OpsHelpers.Read(result));
    }

    [Fact]
    public void OperandsAreNotModified()
    {
        var a = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var b = Tensor.FromArray(new float[] { 10, 20, 30 }, [3]);
        _ = a + b;
        _ = a.T * 2.0;
        _ = (a / b).Exp();
        Assert.Equal([1f, 2, 3, 4, 5, 6], a.ToArray<float>());
        Assert.Equal([10f, 20, 30], b.ToArray<float>());
    }

    [Fact]
    public void ResultIsANewContiguousTensorEvenForViewOperands()
    {
        var a = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var r = a.T + a.T;
        Assert.True(r.IsContiguous);
        Assert.Equal(new[] { 3, 2 }, r.Shape.ToArray());
        Assert.Equal([2f, 8, 4, 10, 6, 12], r.ToArray<float>());

        // Writing into the result leaves the operands alone.
        r.FillInPlace(0);
        Assert.Equal([1f, 2, 3, 4, 5, 6], a.ToArray<float>());
    }

    [Fact]
    public void NaNPropagatesThroughMaximumAndMinimum()
    {
        var a = Tensor.FromArray(new[] { float.NaN, 1f, 2f, float.NaN }, [4]);
        var b = Tensor.FromArray(new[] { 0f, float.NaN, 1f, float.NaN }, [4]);
        var max = a.Maximum(b).ToArray<float>();
        var min = a.Minimum(b).ToArray<float>();
        Assert.True(float.IsNaN(max[0]) && float.IsNaN(max[1]) && max[2] == 2 && float.IsNaN(max[3]));
        Assert.True(float.IsNaN(min[0]) && float.IsNaN(min[1]) && min[2] == 1 && float.IsNaN(min[3]));
    }
}

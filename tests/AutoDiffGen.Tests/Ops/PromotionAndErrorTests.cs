using AutoDiffGen.Tests.Reference;

namespace AutoDiffGen.Tests.Ops;

/// <summary>The examples of PyTorch's type-promotion documentation, and the text of shape errors from elementwise ops.</summary>
public class PromotionAndErrorTests
{
    private static Tensor OneOf(DType dtype) => Tensor.Ones([1], dtype);

    private static Tensor ZeroDim(DType dtype) => Tensor.Ones([], dtype);

    [Fact]
    public void DocumentationExamples()
    {
        // From "Type promotion" in the torch.Tensor attributes documentation (1-element dimensioned tensors).
        var intTensor = OneOf(DType.Int32);
        var longTensor = OneOf(DType.Int64);
        var floatTensor = OneOf(DType.Float32);
        var doubleTensor = OneOf(DType.Float64);
        var boolTensor = OneOf(DType.Bool);
        var longZeroDim = ZeroDim(DType.Int64);
        Assert.Equal(DType.Int32, (intTensor + 5L).DType);
        Assert.Equal(DType.Int32, (intTensor + longZeroDim).DType);
        Assert.Equal(DType.Int64, (longTensor + intTensor).DType);
        Assert.Equal(DType.Int64, (boolTensor + longTensor).DType);
        Assert.Equal(DType.Float64, (floatTensor + doubleTensor).DType);
        Assert.Equal(DType.Int32, (boolTensor + intTensor).DType);
        Assert.Equal(DType.Float32, (longTensor + floatTensor).DType);
        Assert.Equal(DType.Float32, (intTensor / 2L).DType);
        Assert.Equal(DType.Float32, (intTensor / intTensor).DType);
        Assert.Equal(DType.Float32, (intTensor * 5.5).DType);
        Assert.Equal(DType.Float64, (doubleTensor * 5.5).DType);

        // A zero-dim tensor of a higher category decides the type; of the same category it does not widen.
        Assert.Equal(DType.Float64, (intTensor + ZeroDim(DType.Float64)).DType);
        Assert.Equal(DType.Float32, (ZeroDim(DType.Float32) * longTensor).DType);
        Assert.Equal(DType.Float32, (floatTensor + ZeroDim(DType.Float64)).DType);
        Assert.Equal(DType.Int64, (boolTensor + ZeroDim(DType.Int64)).DType);
        Assert.Equal(DType.Float64, (ZeroDim(DType.Float64) + ZeroDim(DType.Int32)).DType);

        // Numbers keep the tensor's dtype within a category: int64 + 1 is int64, int64 + 1.5 is float32.
        Assert.Equal(DType.Int64, (longTensor + 1L).DType);
        Assert.Equal(DType.Float32, (longTensor + 1.5).DType);
        Assert.Equal(DType.Int64, (boolTensor + 1L).DType);
        Assert.Equal(DType.Float32, (1.5 - boolTensor).DType);
        Assert.Equal(DType.Float64, (1L + doubleTensor).DType);
    }

    [Fact]
    public void ReferenceAgreesWithTheDocumentation()
    {
        // The reference's own rules reproduce the documented examples, so the random tests compare against them.
        Assert.Equal(DType.Int32, RefPromotion.TensorNumber(DType.Int32, numberIsFloat: false));
        Assert.Equal(DType.Int32, RefPromotion.TensorTensor(DType.Int32, false, DType.Int64, true));
        Assert.Equal(DType.Int64, RefPromotion.TensorTensor(DType.Int64, false, DType.Int32, false));
        Assert.Equal(DType.Int64, RefPromotion.TensorTensor(DType.Bool, false, DType.Int64, false));
        Assert.Equal(DType.Float64, RefPromotion.TensorTensor(DType.Float32, false, DType.Float64, false));
        Assert.Equal(DType.Float32, RefPromotion.TensorTensor(DType.Int64, false, DType.Float32, false));
        Assert.Equal(DType.Float64, RefPromotion.TensorTensor(DType.Int32, false, DType.Float64, true));
        Assert.Equal(DType.Float32, RefPromotion.TensorTensor(DType.Float32, false, DType.Float64, true));
        Assert.Equal(DType.Float32, RefPromotion.TensorNumber(DType.Int64, numberIsFloat: true));
        foreach (var a in OpsHelpers.AllTypes)
        {
            foreach (var b in OpsHelpers.AllTypes)
            {
                Assert.Equal(RefPromotion.PromoteTypes(a, b), RefPromotion.PromoteTypes(b, a));
                Assert.Equal(RefPromotion.PromoteTypes(a, b), DTypeExtensions.Promote(a, b));
            }
        }
    }

    public static TheoryData<string> Ops() => new() { "Add", "Sub", "Mul", "Div", "Maximum", "Minimum", "Pow" };

    [Theory]
    [MemberData(nameof(Ops))]
    public void BroadcastErrorsNameTheOpAndBothShapes(string op)
    {
        foreach (var (a, b) in new (int[], int[])[] { ([3], [4]), ([2, 3], [3, 2]), ([5, 1, 4], [2, 3]), ([0], [2]) })
        {
            var ex = Assert.Throws<TensorShapeException>(() => BinaryOpTests.Apply(op, Tensor.Zeros(a), Tensor.Ones(b)));
            Assert.StartsWith(op, ex.Message);
            Assert.Contains(OpsHelpers.Describe(a), ex.Message);
            Assert.Contains(OpsHelpers.Describe(b), ex.Message);
            Assert.Contains("broadcast", ex.Message);
        }
    }
}

namespace AutoDiffGen.Tests.Reference;

/// <summary>
/// PyTorch's type promotion, written out from its documentation ("Type promotion" in the torch.Tensor attributes
/// page and the torch.promote_types table), independently of the library's DType.Promote.
/// </summary>
/// <remarks>
/// The documented rules: operands fall into three priority groups, dimensioned tensors over zero-dim tensors over
/// Python numbers. The result is promote_types over the highest-priority group, unless a lower group holds an
/// operand of a higher category (bool &lt; integral &lt; floating), in which case the result is that operand's
/// type (for a Python number: the default dtype, float32, for a float; int64 for an int).
/// </remarks>
public static class RefPromotion
{
    // Row/column order: Bool, Int32, Int64, Float32, Float64 (the torch.promote_types table for these five types).
    private static readonly DType[] _order = [DType.Bool, DType.Int32, DType.Int64, DType.Float32, DType.Float64];

    private static readonly DType[,] _promoteTable =
    {
        // Bool          Int32          Int64          Float32          Float64
        { DType.Bool,    DType.Int32,   DType.Int64,   DType.Float32,   DType.Float64 }, // Bool
        { DType.Int32,   DType.Int32,   DType.Int64,   DType.Float32,   DType.Float64 }, // Int32
        { DType.Int64,   DType.Int64,   DType.Int64,   DType.Float32,   DType.Float64 }, // Int64
        { DType.Float32, DType.Float32, DType.Float32, DType.Float32,   DType.Float64 }, // Float32
        { DType.Float64, DType.Float64, DType.Float64, DType.Float64,   DType.Float64 }, // Float64
    };

    public static int Category(DType t) => t switch
    {
        DType.Bool => 0,
        DType.Int32 or DType.Int64 => 1,
        _ => 2,
    };

    public static bool IsFloat(DType t) => Category(t) == 2;

    /// <summary>torch.promote_types(a, b).</summary>
    public static DType PromoteTypes(DType a, DType b) => _promoteTable[Array.IndexOf(_order, a), Array.IndexOf(_order, b)];

    /// <summary>torch.result_type of two tensors, each dimensioned or zero-dim.</summary>
    public static DType TensorTensor(DType a, bool aZeroDim, DType b, bool bZeroDim)
    {
        if (aZeroDim == bZeroDim)
        {
            return PromoteTypes(a, b);
        }

        var (high, low) = aZeroDim ? (b, a) : (a, b);
        return Category(low) > Category(high) ? low : high;
    }

    /// <summary>torch.result_type of a tensor and a Python number (a float or an int).</summary>
    public static DType TensorNumber(DType tensor, bool numberIsFloat)
    {
        if (numberIsFloat)
        {
            return IsFloat(tensor) ? tensor : DType.Float32;
        }

        return tensor == DType.Bool ? DType.Int64 : tensor;
    }

    /// <summary>torch.div's true division: an integral or bool result type becomes the default float dtype.</summary>
    public static DType TrueDivide(DType resultType) => IsFloat(resultType) ? resultType : DType.Float32;

    /// <summary>Unary ops with fractional results (exp, log, sqrt, sin, ...) compute integral and bool inputs in float32.</summary>
    public static DType FloatingUnary(DType input) => IsFloat(input) ? input : DType.Float32;
}

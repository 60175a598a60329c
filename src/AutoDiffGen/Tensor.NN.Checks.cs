namespace AutoDiffGen;

/// <summary>Argument checks shared by the functional neural-network ops (Linear, Conv2d, pools, norms, Embedding).</summary>
public sealed partial class Tensor
{
    /// <summary>A floating-point tensor, or a <see cref="TensorDTypeException"/> naming the argument.</summary>
    internal static void CheckNNFloat(Tensor t, string what, string op)
    {
        if (!t._dtype.IsFloatingPoint())
        {
            throw new TensorDTypeException(
                $"{op}: {what} must be floating point (Float32 or Float64), got {t._dtype}. Convert it first, e.g. {what}.To(DType.Float32).");
        }
    }

    /// <summary>An optional parameter tensor (weight, bias) with the input's dtype and device.</summary>
    internal static void CheckNNLike(Tensor input, Tensor? t, string what, string op)
    {
        if (t is null)
        {
            return;
        }

        if (t._dtype != input._dtype)
        {
            throw new TensorDTypeException(
                $"{op}: expected {what} to have the input's dtype {input._dtype}, but got {t._dtype}. Convert it with {what}.To(DType.{input._dtype}).");
        }

        if (t.Device != input.Device)
        {
            throw TensorDeviceException.Mismatch(op, input.Device, t.Device);
        }
    }

    /// <summary>The product of the sizes (1 for none).</summary>
    internal static int ProductOf(ReadOnlySpan<int> shape)
    {
        var n = 1;
        foreach (var s in shape)
        {
            n *= s;
        }

        return n;
    }
}

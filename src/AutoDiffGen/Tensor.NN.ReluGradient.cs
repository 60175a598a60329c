using AutoDiffGen.Kernels;

namespace AutoDiffGen;

/// <summary>The ReLU's adjoint in one CPU pass (the derivative rule of <see cref="Relu"/> calls it).</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// adjoint · (x &gt; 0), bit for bit what <c>adjoint * x.Gt(0).To(x.DType)</c> gives; on the CPU with dense
    /// operands of one shape and dtype it is one vectorised loop and one result instead of a mask, a cast and a product.
    /// </summary>
    internal static Tensor ReluGradient(Tensor x, Tensor adjoint)
    {
        if (x._storage is not null || adjoint._storage is not null || !x._contiguous || !adjoint._contiguous
            || x._dtype != adjoint._dtype || !x._dtype.IsFloatingPoint() || !x._shape.AsSpan().SequenceEqual(adjoint._shape))
        {
            return adjoint * x.Gt(0).To(x.DType);
        }

        var result = Allocate(x._dtype, x._shape);
        if (x._dtype == DType.Float32)
        {
            ActivationKernels.ReluBackward<float>(x.ContiguousSpan<float>(), adjoint.ContiguousSpan<float>(), result.ContiguousSpan<float>());
        }
        else
        {
            ActivationKernels.ReluBackward<double>(x.ContiguousSpan<double>(), adjoint.ContiguousSpan<double>(), result.ContiguousSpan<double>());
        }

        return result;
    }
}

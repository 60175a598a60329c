using System.Runtime.CompilerServices;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

/// <summary>GELU and dropout (like <c>F.gelu</c> and <c>F.dropout</c>) and the helpers their derivative rules use.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// The dropout mask of each dropout result, for its derivative rule. A rule sees only (input, p, training,
    /// generator, result, adjoint), and a zero in the result does not tell a dropped element from a kept zero
    /// input, so the mask is kept here, keyed by the result tensor: it lives exactly as long as the result does,
    /// and costs one byte per element on the CPU.
    /// </summary>
    private static readonly ConditionalWeakTable<Tensor, DropoutMask> _dropoutMasks = new();

    /// <summary>
    /// The Gaussian error linear unit (like <c>F.gelu(x, approximate)</c>): x·Φ(x) with approximate "none" (the
    /// default, exact through erf), or 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) with "tanh"; both on the CPU and
    /// on OpenCL devices.
    /// </summary>
    public Tensor Gelu(string approximate = "none")
    {
        var tanh = CheckGelu(this, approximate);
        if (_storage is not null)
        {
            if (!tanh)
            {
                return OpenCL.OpenCLOps.GeluExact(this);
            }

            return (((this * this * this * 0.044715) + this) * 0.79788456080286535588).Tanh().AddInPlace(1L).MulInPlace(this).MulInPlace(0.5);
        }

        var x = Contiguous();
        var result = Allocate(_dtype, ShapeUtil.Copy(_shape));
        if (_dtype == DType.Float32)
        {
            ActivationKernels.GeluForward<float>(x.ContiguousSpan<float>(), result.ContiguousSpan<float>(), tanh);
        }
        else
        {
            ActivationKernels.GeluForward<double>(x.ContiguousSpan<double>(), result.ContiguousSpan<double>(), tanh);
        }

        return result;
    }

    /// <summary>
    /// Zeroes each element with probability <paramref name="p"/> and scales the kept ones by 1/(1 − p) (like
    /// <c>F.dropout(x, p, training)</c>), drawing from <paramref name="generator"/> (default: the global one), so a
    /// seed fixes the mask. With training false or p = 0 it returns the input itself.
    /// </summary>
    public static Tensor Dropout(Tensor input, double p = 0.5, bool training = true, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckDropout(input, p);
        if (!training || p == 0)
        {
            return input;
        }

        if (p == 1)
        {
            return ZerosLike(input);
        }

        var scale = 1 / (1 - p);
        var keep = DropoutKeep(input._numel, p, generator ?? Generator.Default);
        if (input._storage is not null)
        {
            var mask = new double[keep.Length];
            for (var i = 0; i < keep.Length; i++)
            {
                mask[i] = keep[i] ? scale : 0;
            }

            var scaled = new Tensor(mask, DType.Float64, ShapeUtil.Copy(input._shape)).To(input._dtype).To(input.Device);
            var y = input * scaled;
            _dropoutMasks.AddOrUpdate(y, DropoutMask.Of(null, scaled, scale));
            return y;
        }

        var x = input.Contiguous();
        var result = Allocate(input._dtype, ShapeUtil.Copy(input._shape));
        if (input._dtype == DType.Float32)
        {
            ApplyMask(x.ContiguousSpan<float>(), keep, (float)scale, result.ContiguousSpan<float>());
        }
        else
        {
            ApplyMask(x.ContiguousSpan<double>(), keep, scale, result.ContiguousSpan<double>());
        }

        _dropoutMasks.AddOrUpdate(result, DropoutMask.Of(keep, null, scale));
        return result;
    }

    /// <summary>The input's adjoint of Gelu.</summary>
    internal static Tensor GeluGradient(Tensor x, string approximate, Tensor adjoint)
    {
        var tanh = CheckGelu(x, approximate);
        if (x._storage is not null || adjoint._storage is not null)
        {
            if (x.Device != adjoint.Device)
            {
                throw TensorDeviceException.Mismatch("Gelu", x.Device, adjoint.Device);
            }

            if (!tanh)
            {
                return OpenCL.OpenCLOps.GeluExactGradient(x, adjoint);
            }

            const double K = 0.79788456080286535588;
            var t = (((x * x * x * 0.044715) + x) * K).Tanh();
            var inner = ((x * x * (3 * 0.044715)) + 1).MulInPlace(1 - (t * t)).MulInPlace(x).MulInPlace(K);
            return inner.AddInPlace(t).AddInPlace(1L).MulInPlace(0.5).MulInPlace(adjoint);
        }

        var xs = x.Contiguous();
        var g = adjoint.To(x._dtype).Contiguous();
        var result = Allocate(x._dtype, ShapeUtil.Copy(x._shape));
        if (x._dtype == DType.Float32)
        {
            ActivationKernels.GeluBackward<float>(xs.ContiguousSpan<float>(), g.ContiguousSpan<float>(), result.ContiguousSpan<float>(), tanh);
        }
        else
        {
            ActivationKernels.GeluBackward<double>(xs.ContiguousSpan<double>(), g.ContiguousSpan<double>(), result.ContiguousSpan<double>(), tanh);
        }

        return result;
    }

    /// <summary>The input's adjoint of Dropout: the adjoint through the result's mask, scaled by 1/(1 − p).</summary>
    internal static Tensor DropoutGradient(Tensor input, double p, bool training, Tensor result, Tensor adjoint)
    {
        if (!training || p == 0)
        {
            return adjoint;
        }

        if (p == 1)
        {
            return ZerosLike(input);
        }

        if (!_dropoutMasks.TryGetValue(result, out var mask))
        {
            throw new InvalidOperationException(
                "Dropout: no mask is recorded for this result; the derivative rule must be given the tensor that Dropout returned.");
        }

        if (mask.Scaled is not null)
        {
            return adjoint * mask.Scaled;
        }

        var g = adjoint.To(input._dtype).Contiguous();
        var gx = Allocate(input._dtype, ShapeUtil.Copy(input._shape));
        if (input._dtype == DType.Float32)
        {
            ApplyMask(g.ContiguousSpan<float>(), mask.Keep!, (float)mask.Scale, gx.ContiguousSpan<float>());
        }
        else
        {
            ApplyMask(g.ContiguousSpan<double>(), mask.Keep!, mask.Scale, gx.ContiguousSpan<double>());
        }

        return gx;
    }

    /// <summary>
    /// keep[i] is true with probability 1 − p, from one draw of uniforms (u &lt; 1 − p keeps, like bernoulli(1 − p));
    /// in a training step the mask's array comes from the step's memory.
    /// </summary>
    private static bool[] DropoutKeep(int count, double p, Generator generator)
    {
        var keep = Internal.StepMemory.Current is { } arena ? (bool[])arena.RentArray(DType.Bool, count, zeroed: false) : new bool[count];
        generator.FillKeep(keep, 1 - p);
        return keep;
    }

    private static void ApplyMask<T>(ReadOnlySpan<T> x, bool[] keep, T scale, Span<T> y)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = keep[i] ? x[i] * scale : T.Zero;
        }
    }

    private static void CheckDropout(Tensor input, double p)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, $"Dropout: dropout probability has to be between 0 and 1, but got {p.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }

        CheckNNFloat(input, "input", "Dropout");
    }

    private static bool CheckGelu(Tensor x, string approximate)
    {
        ArgumentNullException.ThrowIfNull(approximate);
        CheckNNFloat(x, "input", "Gelu");
        return approximate switch
        {
            "none" => false,
            "tanh" => true,
            _ => throw new ArgumentException($"Gelu: approximate must be \"none\" or \"tanh\", but got \"{approximate}\".", nameof(approximate)),
        };
    }

    /// <summary>
    /// A dropout result's mask: kept elements on the CPU, or the scaled 0/(1/(1 − p)) mask on a device. In a training
    /// step the record is the step's own (reused by the next step, whose result tensor is the same object, so the
    /// table's entry is updated in place).
    /// </summary>
    private sealed class DropoutMask
    {
        public bool[]? Keep { get; private set; }

        public Tensor? Scaled { get; private set; }

        public double Scale { get; private set; }

        public static DropoutMask Of(bool[]? keep, Tensor? scaled, double scale)
        {
            var arena = Internal.StepMemory.Current;
            var mask = arena?.RentObject<DropoutMask>();
            if (mask is null)
            {
                mask = new DropoutMask();
                arena?.RecordObject(mask);
            }

            (mask.Keep, mask.Scaled, mask.Scale) = (keep, scaled, scale);
            return mask;
        }
    }
}

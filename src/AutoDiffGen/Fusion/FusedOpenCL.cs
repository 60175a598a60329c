using System.Globalization;
using System.Text;
using AutoDiffGen.OpenCL;

namespace AutoDiffGen.Fusion;

/// <summary>
/// Runs a fused region's OpenCL kernels (the <c>OpenCLSource</c> the generator emits next to the C# loops) when its
/// tensors live on an OpenCL device. Programs are built once per device and dtype (the runtime's program cache);
/// each call is one queued launch forward and one backward, plus the reductions of broadcast operands' adjoints.
/// </summary>
public static class FusedOpenCL
{

    /// <summary>The result of the region's forward kernel: the map, or its sum or mean when the region ends in one.</summary>
    public static Tensor Forward(FusedPlan plan, string source, ReadOnlySpan<FusedArg> operands, string? reduction)
    {
        var options = new StringBuilder(Options(plan));
        var args = new List<OpenCLArg>();
        var keep = new List<Tensor>();
        AddOperands(args, keep, options, plan, operands);
        var output = Tensor.Empty((int[])plan.Shape.Clone(), plan.DType, plan.Device);
        args.Add(output);
        args.Add(plan.Count);
        Launch(plan, source, options.ToString(), "forward", args);
        GC.KeepAlive(keep);
        return reduction switch
        {
            "sum" => output.Sum(),
            "mean" => output.Mean(),
            _ => output,
        };
    }

    /// <summary>
    /// The adjoints of the operands marked in <paramref name="needsAdjoint"/>, in order: a tensor operand's adjoint
    /// has its shape (reduced over broadcast dimensions); a scalar operand's is a one-element tensor to read with
    /// <see cref="Scalar"/>.
    /// </summary>
    public static Tensor[] Backward(FusedPlan plan, string source, ReadOnlySpan<FusedArg> operands, Tensor adjoint, ReadOnlySpan<bool> needsAdjoint, string? reduction)
    {
        var options = new StringBuilder(Options(plan));
        var args = new List<OpenCLArg>();
        var keep = new List<Tensor>();
        AddOperands(args, keep, options, plan, operands);
        if (reduction is null)
        {
            var dy = Prepare(adjoint, plan, out var stride);
            keep.Add(dy);
            args.Add(dy);
            args.Add(stride);
        }
        else
        {
            var value = adjoint.To(Device.Cpu).ScalarValue();
            args.Add(KernelScalar(plan, reduction == "mean" ? value / plan.Count : value));
        }

        var outputs = new List<(Tensor Buffer, bool Summed)>();
        for (var k = 0; k < operands.Length; k++)
        {
            if (!needsAdjoint[k])
            {
                continue;
            }

            // Every adjoint is written per element; a scalar or one-element operand's is summed below.
            var summed = operands[k].Tensor is not { } t || t._numel == 1;
            var g = Tensor.Empty((int[])plan.Shape.Clone(), plan.DType, plan.Device);
            outputs.Add((g, summed));
            args.Add(g);
        }

        args.Add(plan.Count);
        Launch(plan, source, options.ToString(), "backward", args);
        GC.KeepAlive(keep);

        var result = new Tensor[outputs.Count];
        var slot = 0;
        for (var k = 0; k < operands.Length; k++)
        {
            if (!needsAdjoint[k])
            {
                continue;
            }

            var (g, summed) = outputs[slot];
            Tensor value;
            if (operands[k].Tensor is not { } t)
            {
                value = g.Sum();
            }
            else if (summed)
            {
                value = g.Sum().Reshape(t._shape);
            }
            else
            {
                value = t._shape.AsSpan().SequenceEqual(plan.Shape) ? g : g.SumToSize(t._shape);
            }

            result[slot++] = operands[k].Tensor is { } operand && operand._dtype.IsFloatingPoint() && operand._dtype != plan.DType ? value.To(operand._dtype) : value;
        }

        return result;
    }

    /// <summary>The value of a scalar operand's adjoint (a one-element device tensor), read back to the host.</summary>
    public static double Scalar(Tensor adjoint) => adjoint.To(Device.Cpu).ScalarValue();

    private static string Options(FusedPlan plan) => plan.DType == DType.Float64 ? "-DT=double" : "-DT=float";

    private static void Launch(FusedPlan plan, string source, string options, string kernel, List<OpenCLArg> args)
    {
        if (plan.Count > 0)
        {
            OpenCLRuntime.Program(plan.Device, source, options).Launch(kernel, plan.Count, args.ToArray());
        }
    }

    private static void AddOperands(List<OpenCLArg> args, List<Tensor> keep, StringBuilder options, FusedPlan plan, ReadOnlySpan<FusedArg> operands)
    {
        for (var k = 0; k < operands.Length; k++)
        {
            var operand = operands[k];
            if (operand.Tensor is { } tensor)
            {
                var prepared = Prepare(tensor, plan, out var stride);
                keep.Add(prepared);
                args.Add(prepared);
                args.Add(stride);
                options.Append(" -DS").Append(k.ToString(CultureInfo.InvariantCulture)).Append('=').Append(stride.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                args.Add(KernelScalar(plan, operand.Value));
            }
        }
    }

    private static OpenCLArg KernelScalar(FusedPlan plan, double value) =>
        plan.DType == DType.Float64 ? OpenCLArg.FromDouble(value) : OpenCLArg.FromSingle((float)value);

    // A contiguous operand of the compute dtype that the kernel reads at offset + i·stride: full-size (stride 1) or
    // one element (stride 0); anything else is broadcast into a contiguous copy on the device.
    private static Tensor Prepare(Tensor tensor, FusedPlan plan, out int stride)
    {
        var typed = tensor._dtype == plan.DType ? tensor : tensor.To(plan.DType);
        if (typed._numel == 1)
        {
            stride = plan.Count == 1 ? 1 : 0;
            return typed.Contiguous();
        }

        stride = 1;
        return typed._numel == plan.Count && typed._contiguous ? typed : typed.Expand(plan.Shape).Contiguous();
    }
}

/// <summary>An operand of a fused region as generated code passes it: a tensor or a number.</summary>
public readonly struct FusedArg
{
    private FusedArg(Tensor? tensor, double value)
    {
        Tensor = tensor;
        Value = value;
    }

    /// <summary>The tensor, or null for a number.</summary>
    public Tensor? Tensor { get; }

    /// <summary>The number (when <see cref="Tensor"/> is null).</summary>
    public double Value { get; }

    public static implicit operator FusedArg(Tensor tensor) => new(tensor, 0);

    public static implicit operator FusedArg(double value) => new(null, value);

    public static implicit operator FusedArg(float value) => new(null, value);

    public static implicit operator FusedArg(long value) => new(null, value);

    public static implicit operator FusedArg(int value) => new(null, value);
}

using AutoDiffGen.Kernels;

namespace AutoDiffGen;

/// <summary>
/// The optimizer's side of <see cref="Internal.FusedUpdate"/>: while a generated training step holds a scope, a
/// Linear layer's weight gradient is not computed but recorded (its input and adjoint), and <see cref="Step(Tensor[])"/>
/// runs each recorded product straight into the weight with the update as the GEMM's epilogue.
/// </summary>
/// <remarks>
/// The products run at <c>Step</c>, after the whole backward pass, so no pullback ever reads an updated weight (a
/// weight used twice, or read by another op's pullback, stays correct). The gradient the layer returns instead is a
/// zero placeholder (a stride-0 view of one zero): what the backward adds to it are the weight's other gradient
/// contributions, which <c>Step</c> still applies normally; when the placeholder itself comes back, the weight needs
/// nothing more.
/// </remarks>
public abstract partial class Optimizer
{
    private Fused? _fused;

    /// <summary>
    /// α when this optimizer's update of every parameter is exactly θ ← θ + α·g on the CPU (plain SGD: α = −lr, or
    /// +lr when maximizing), so a product computing g can apply it as its epilogue; null when it is not.
    /// </summary>
    private protected virtual double? FusedScale => null;

    /// <summary>Opens the recording of fusable weight gradients; false when this optimizer's update cannot be fused.</summary>
    internal bool BeginFused()
    {
        if (FusedScale is null)
        {
            return false;
        }

        _fused ??= new Fused(_parameters);
        _fused.Open = true;
        return true;
    }

    /// <summary>Closes the recording and forgets what was not applied (a step that threw changes no weight).</summary>
    internal void EndFused()
    {
        if (_fused is not null)
        {
            _fused.Clear();
            _fused.Open = false;
        }
    }

    /// <summary>
    /// Records weight ← weight + α·(adjointᵀ·input) for <see cref="Step(Tensor[])"/> and returns the placeholder
    /// gradient, when <paramref name="weight"/> is a dense CPU parameter of this optimizer not yet recorded this step.
    /// </summary>
    internal bool TryDefer(Tensor input, Tensor weight, Tensor adjoint, out Tensor placeholder)
    {
        placeholder = null!;
        var f = _fused;
        if (f is null || !f.Open || !weight.IsContiguous || weight._offset != 0 || input.Device != weight.Device || adjoint.Device != weight.Device
            || input._dtype != weight._dtype || adjoint._dtype != weight._dtype || !f.Index.TryGetValue(weight, out var index) || f.Input[index] is not null)
        {
            return false;
        }

        f.Input[index] = input;
        f.Adjoint[index] = adjoint;
        f.Pending++;
        placeholder = f.Placeholder[index] ??= LongLivedZeros(weight);
        return true;
    }

    /// <summary>
    /// The cached placeholder outlives the step that creates it, so it must not come from that step's memory
    /// (which hands its arrays and tensor objects out again next step): created with the step's memory set aside.
    /// </summary>
    private static Tensor LongLivedZeros(Tensor weight)
    {
        var arena = Internal.StepMemory.Current;
        Internal.StepMemory.Restore(null);
        try
        {
            return Tensor.Zeros([], weight._dtype, weight.Device).Expand(weight._shape);
        }
        finally
        {
            Internal.StepMemory.Restore(arena);
        }
    }

    /// <summary>Applies the recorded product of parameter <paramref name="index"/>; true when its gradient is only the placeholder.</summary>
    private bool ApplyFused(int index, Tensor gradient)
    {
        var f = _fused;
        if (f is null || f.Pending == 0 || f.Input[index] is not { } input)
        {
            return false;
        }

        var adjoint = f.Adjoint[index]!;
        f.Input[index] = null;
        f.Adjoint[index] = null;
        f.Pending--;
        var weight = _parameters[index];
        var alpha = FusedScale!.Value;
        if (weight._storage is not null)
        {
            // On an OpenCL device: the matmul kernel's update form, weight ← weight + α·(adjointᵀ·input).
            OpenCL.OpenCLOps.MatMulUpdate(adjoint.T, input, weight, alpha);
        }
        else if (weight._dtype == DType.Float32)
        {
            GemmUpdate<float>(input, adjoint, weight, alpha);
        }
        else
        {
            GemmUpdate<double>(input, adjoint, weight, alpha);
        }

        return ReferenceEquals(gradient, f.Placeholder[index]);
    }

    /// <summary>weight [out, in] += α · adjointᵀ [out, rows] · input [rows, in], both read through their strides.</summary>
    private static unsafe void GemmUpdate<T>(Tensor input, Tensor adjoint, Tensor weight, double alpha)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var (outFeatures, inFeatures, rows) = (weight._shape[0], weight._shape[1], input._shape[0]);
        fixed (T* px = input.Data<T>(), pg = adjoint.Data<T>(), pw = weight.Data<T>())
        {
            LinearKernels.ProductUpdate(
                outFeatures, inFeatures, rows,
                pg + adjoint._offset, adjoint._strides[1], adjoint._strides[0],
                px + input._offset, input._strides[0], input._strides[1],
                pw + weight._offset, inFeatures, alpha);
        }
    }

    /// <summary>Throws when fused products are recorded but not applied: only <c>Step(gradients)</c> may follow them.</summary>
    private void ThrowIfFusedPending(string op)
    {
        if (_fused is { Pending: > 0 })
        {
            throw new InvalidOperationException($"{Name}.{op}: a fused training step recorded weight updates that only Step(gradients) applies; call Step(gradients) inside a FusedUpdate scope, or compute gradients outside one.");
        }
    }

    /// <summary>The recorded products of one step, by parameter index, and each parameter's cached placeholder.</summary>
    private sealed class Fused(Tensor[] parameters)
    {
        public Dictionary<Tensor, int> Index { get; } = IndexOf(parameters);

        public Tensor?[] Input { get; } = new Tensor?[parameters.Length];

        public Tensor?[] Adjoint { get; } = new Tensor?[parameters.Length];

        public Tensor?[] Placeholder { get; } = new Tensor?[parameters.Length];

        public int Pending { get; set; }

        public bool Open { get; set; }

        private static Dictionary<Tensor, int> IndexOf(Tensor[] parameters)
        {
            var index = new Dictionary<Tensor, int>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < parameters.Length; i++)
            {
                index[parameters[i]] = i;
            }

            return index;
        }

        public void Clear()
        {
            Array.Clear(Input);
            Array.Clear(Adjoint);
            Pending = 0;
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The SGD update over contiguous spans (<see cref="Sgd"/>'s CPU path), vectorised: every value is widened to double,
/// updated in double and rounded back once, in the same operations and order as the scalar formula, so the vector
/// and scalar paths (and the GEMM epilogue that fuses the plain update, see <c>Gemm</c>) give bit-identical weights.
/// </summary>
/// <remarks>
/// g ← sign·∇ (+ λθ when λ ≠ 0); with momentum μ: b ← g (first step) or μb + (1 − τ)g, g ← g + μb (Nesterov) or b;
/// θ ← θ − γg. No multiply-add is contracted (the JIT never does), so each vector lane rounds like the scalar code.
/// </remarks>
internal static class SgdKernels
{
    /// <summary>The hyper-parameters of one update, in double.</summary>
    internal readonly record struct Hyper(double Lr, double Momentum, double Damp, double WeightDecay, double Sign, bool Nesterov, bool First);

    public static void Update(Span<float> p, ReadOnlySpan<float> grad, Span<float> b, in Hyper h)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var v = new VectorHyper(h);
            ref var pr = ref MemoryMarshal.GetReference(p);
            ref var gr = ref MemoryMarshal.GetReference(grad);
            ref var br = ref MemoryMarshal.GetReference(b);
            var momentum = h.Momentum != 0;
            for (; i + Vector256<float>.Count <= p.Length; i += Vector256<float>.Count)
            {
                var (t0, t1) = Vector256.Widen(Vector256.LoadUnsafe(ref pr, (nuint)i));
                var (g0, g1) = Vector256.Widen(Vector256.LoadUnsafe(ref gr, (nuint)i));
                Vector256<double> b0 = default, b1 = default;
                if (momentum && !h.First)
                {
                    (b0, b1) = Vector256.Widen(Vector256.LoadUnsafe(ref br, (nuint)i));
                }

                var n0 = Step(t0, g0, ref b0, v, h);
                var n1 = Step(t1, g1, ref b1, v, h);
                if (momentum)
                {
                    Vector256.Narrow(b0, b1).StoreUnsafe(ref br, (nuint)i);
                }

                Vector256.Narrow(n0, n1).StoreUnsafe(ref pr, (nuint)i);
            }
        }

        for (; i < p.Length; i++)
        {
            p[i] = (float)Scalar(p[i], grad[i], ref h.Momentum != 0 ? ref b[i] : ref Unsafe.NullRef<float>(), h);
        }
    }

    public static void Update(Span<double> p, ReadOnlySpan<double> grad, Span<double> b, in Hyper h)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var v = new VectorHyper(h);
            ref var pr = ref MemoryMarshal.GetReference(p);
            ref var gr = ref MemoryMarshal.GetReference(grad);
            ref var br = ref MemoryMarshal.GetReference(b);
            var momentum = h.Momentum != 0;
            for (; i + Vector256<double>.Count <= p.Length; i += Vector256<double>.Count)
            {
                var b0 = momentum && !h.First ? Vector256.LoadUnsafe(ref br, (nuint)i) : default;
                var n0 = Step(Vector256.LoadUnsafe(ref pr, (nuint)i), Vector256.LoadUnsafe(ref gr, (nuint)i), ref b0, v, h);
                if (momentum)
                {
                    b0.StoreUnsafe(ref br, (nuint)i);
                }

                n0.StoreUnsafe(ref pr, (nuint)i);
            }
        }

        for (; i < p.Length; i++)
        {
            p[i] = Scalar(p[i], grad[i], ref h.Momentum != 0 ? ref b[i] : ref Unsafe.NullRef<double>(), h);
        }
    }

    /// <summary>One lane group: returns the new θ; b holds the old buffer in and the new one out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Step(Vector256<double> theta, Vector256<double> grad, ref Vector256<double> b, in VectorHyper v, in Hyper h)
    {
        var g = v.Sign * grad;
        if (h.WeightDecay != 0)
        {
            g += v.WeightDecay * theta;
        }

        if (h.Momentum != 0)
        {
            b = h.First ? g : (v.Momentum * b) + (v.Damp * g);
            g = h.Nesterov ? g + (v.Momentum * b) : b;
        }

        return theta - (v.Lr * g);
    }

    /// <summary>The scalar formula (tails, and the reference the vector lanes match).</summary>
    private static double Scalar<T>(T p, T grad, ref T b, in Hyper h)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var theta = double.CreateTruncating(p);
        var g = h.Sign * double.CreateTruncating(grad);
        if (h.WeightDecay != 0)
        {
            g += h.WeightDecay * theta;
        }

        if (h.Momentum != 0)
        {
            var buf = h.First ? g : (h.Momentum * double.CreateTruncating(b)) + (h.Damp * g);
            b = T.CreateTruncating(buf);
            g = h.Nesterov ? g + (h.Momentum * buf) : buf;
        }

        return theta - (h.Lr * g);
    }

    private readonly struct VectorHyper(in Hyper h)
    {
        public readonly Vector256<double> Lr = Vector256.Create(h.Lr);
        public readonly Vector256<double> Momentum = Vector256.Create(h.Momentum);
        public readonly Vector256<double> Damp = Vector256.Create(h.Damp);
        public readonly Vector256<double> WeightDecay = Vector256.Create(h.WeightDecay);
        public readonly Vector256<double> Sign = Vector256.Create(h.Sign);
    }
}

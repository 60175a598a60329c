namespace AutoDiffGen.Tests.Gradients;

/// <summary>
/// Local arrays, user structs and records holding tensors, and ref locals (issue 22): each element or field is
/// followed as a value of its own.
/// </summary>
public static partial class Aggregates
{
    /// <summary>A positional record struct of two tensors: built, its fields rewritten, read back.</summary>
    [Differentiable]
    public static Tensor PairOfTensors(Tensor x)
    {
        var p = new Pair(x * 2.0, x.Exp());
        p.A = p.A * p.B;
        var q = p;
        q.B = q.B + x;
        return (p.A + q.B).Sum() + (p.B * q.A).Sum();
    }

    /// <summary>
    /// An array of tensors written in a loop with a run-time index, then walked with foreach. Not fused: a fused
    /// region sums in another order (the last bit of the value differs), and this test asserts the value bit for bit.
    /// </summary>
    [Differentiable(Fuse = false)]
    public static Tensor TensorArray(Tensor x, int n)
    {
        var parts = new Tensor[3];
        for (var i = 0; i < 3; i++)
        {
            parts[i] = x * (i + 1.0);
        }

        for (var i = 0; i < n; i++)
        {
            parts[i % 3] = parts[i % 3] * x.Tanh();
        }

        var s = parts[0].Sum();
        foreach (var part in parts)
        {
            s = s + (part * part).Sum();
        }

        return s;
    }

    /// <summary>A class with get-only properties holding a tensor and a scale; a ref local to a tensor local.</summary>
    [Differentiable]
    public static Tensor ScaledAndRef(Tensor x, double k)
    {
        var s = new Scaled(x.Sin(), k);
        var t = s.Value * s.Factor;
        ref var r = ref t;
        r = r * x;
        return t.Sum();
    }

    /// <summary>Doubles in an array filled by a loop, read by a run-time index and a foreach, and a struct copy.</summary>
    [Differentiable]
    public static double Scalars(double x, int n)
    {
        double[] a = [x, x * x, 1.0];
        for (var i = 0; i < n; i++)
        {
            a[i % 3] += a[(i + 1) % 3] * x;
        }

        var p = new Point(a[0], a[1]);
        var q = p;
        q.X *= x;
        var s = 0.0;
        foreach (var v in a)
        {
            s += v * p.X;
        }

        return s + q.X * p.Y;
    }
}

public record struct Pair(Tensor A, Tensor B);

public sealed class Scaled
{
    public Scaled(Tensor value, double factor)
    {
        Value = value;
        Factor = factor;
    }

    public Tensor Value { get; }

    public double Factor { get; }
}

public struct Point
{
    public Point(double x, double y)
    {
        X = x;
        Y = y;
    }

    public double X;

    public double Y;
}

namespace AutoDiffGen.Tests.Gradients;

/// <summary>
/// Assignments, compound assignments and ++/-- inside expressions on tensor locals (issue 22): the forward pass
/// evaluates them where C# does, once, and the gradient flows through the values they assign. Run op by op
/// (Fuse = false), so the value is the method's bit for bit (a fused Sum adds in vector lanes, README "Fusion").
/// </summary>
public static partial class Effects
{
    /// <summary>An assignment used as the receiver of a call.</summary>
    [Differentiable(Fuse = false)]
    public static Tensor AssignedProduct(Tensor a, Tensor b)
    {
        Tensor t;
        var s = (t = a * b).Sum();
        return s + (t * a).Sum();
    }

    /// <summary>A compound assignment of a tensor's item in an if's condition.</summary>
    [Differentiable(Fuse = false)]
    public static double SumInCondition(Tensor a, double y)
    {
        double s = 0.5;
        if ((s += a.Sum().Item<double>()) > 0)
        {
            s = s * y;
        }

        return s * s;
    }

    /// <summary>A tensor assigned in a loop's condition, with a counter stepped after a short-circuit.</summary>
    [Differentiable(Fuse = false)]
    public static Tensor LoopCondition(Tensor a, Tensor b)
    {
        var acc = a;
        var k = 0;
        while ((acc = (acc * b) + a).Sum().Item<double>() < 4 && k++ < 3)
        {
            acc = acc * 0.5;
        }

        return (acc += a).Sum();
    }

    /// <summary>A compound assignment of a tensor on the right of &amp;&amp;: it happens only when the left is true.</summary>
    [Differentiable(Fuse = false)]
    public static Tensor ShortCircuit(Tensor a, double y)
    {
        var t = a;
        if (y > 0 && (t += a * y).Sum().Item<double>() > 0)
        {
            t = t * t;
        }

        return t.Sum();
    }
}

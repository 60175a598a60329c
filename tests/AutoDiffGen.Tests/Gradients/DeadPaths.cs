namespace AutoDiffGen.Tests.Gradients;

/// <summary>
/// [Differentiable] methods with values that do not reach the result on some paths: a local overwritten in a branch
/// or loop, a value used only in a branch not taken, a loop that breaks, continues or returns early, and a value that
/// overflows where it is not used. Each tensor method has a twin with fusion off (<c>Fuse = false</c>).
/// </summary>
public static partial class DeadPaths
{
    /// <summary>h's first value reaches the result only when the branch does not run.</summary>
    [Differentiable]
    public static Tensor DeadInitIf(Tensor v, int n)
    {
        var h = v.Sin();
        if (n > 0)
        {
            h = v.Tanh();
        }

        return h.Sum();
    }

    [Differentiable(Fuse = false)]
    public static Tensor DeadInitIfNoFuse(Tensor v, int n)
    {
        var h = v.Sin();
        if (n > 0)
        {
            h = v.Tanh();
        }

        return h.Sum();
    }

    /// <summary>h reaches the result only through the branch.</summary>
    [Differentiable]
    public static Tensor UsedOnlyInBranch(Tensor a, int n)
    {
        var h = a.Sin();
        var r = a;
        if (n > 0)
        {
            r = h;
        }

        return r.Sum();
    }

    [Differentiable(Fuse = false)]
    public static Tensor UsedOnlyInBranchNoFuse(Tensor a, int n)
    {
        var h = a.Sin();
        var r = a;
        if (n > 0)
        {
            r = h;
        }

        return r.Sum();
    }

    /// <summary>A Relu whose rule reads its result, overwritten in a branch.</summary>
    [Differentiable]
    public static Tensor ReluReplaced(Tensor a, int n)
    {
        var h = a.Relu();
        if (n > 0)
        {
            h = a.Square();
        }

        return h.Sum();
    }

    [Differentiable(Fuse = false)]
    public static Tensor ReluReplacedNoFuse(Tensor a, int n)
    {
        var h = a.Relu();
        if (n > 0)
        {
            h = a.Square();
        }

        return h.Sum();
    }

    /// <summary>A for loop that overwrites h: its first value and every iteration's but the last are dead.</summary>
    [Differentiable]
    public static Tensor DeadInitFor(Tensor v, int n)
    {
        var h = v.Relu();
        for (var i = 0; i < n; i++)
        {
            h = (v * (i + 1.0)).Tanh();
        }

        return h.Sum();
    }

    [Differentiable(Fuse = false)]
    public static Tensor DeadInitForNoFuse(Tensor v, int n)
    {
        var h = v.Relu();
        for (var i = 0; i < n; i++)
        {
            h = (v * (i + 1.0)).Tanh();
        }

        return h.Sum();
    }

    /// <summary>A while loop whose last iteration computes t and breaks before using it.</summary>
    [Differentiable]
    public static Tensor WhileBreak(Tensor v, int n)
    {
        var h = v.Sin();
        var i = 0;
        while (i < n)
        {
            var t = (v * 0.5).Exp();
            if (i == 1)
            {
                break;
            }

            h = t + v;
            i++;
        }

        return h.Sum();
    }

    [Differentiable(Fuse = false)]
    public static Tensor WhileBreakNoFuse(Tensor v, int n)
    {
        var h = v.Sin();
        var i = 0;
        while (i < n)
        {
            var t = (v * 0.5).Exp();
            if (i == 1)
            {
                break;
            }

            h = t + v;
            i++;
        }

        return h.Sum();
    }

    /// <summary>A for loop whose odd iterations compute t and continue without using it.</summary>
    [Differentiable]
    public static Tensor ForContinue(Tensor v, int n)
    {
        var h = v.Relu();
        for (var i = 0; i < n; i++)
        {
            var t = (v * (i + 1.0)).Cos();
            if (i % 2 == 1)
            {
                continue;
            }

            h = t * v;
        }

        return h.Sum();
    }

    [Differentiable(Fuse = false)]
    public static Tensor ForContinueNoFuse(Tensor v, int n)
    {
        var h = v.Relu();
        for (var i = 0; i < n; i++)
        {
            var t = (v * (i + 1.0)).Cos();
            if (i % 2 == 1)
            {
                continue;
            }

            h = t * v;
        }

        return h.Sum();
    }

    /// <summary>An early return that leaves h unused.</summary>
    [Differentiable]
    public static Tensor EarlyReturn(Tensor v, int n)
    {
        var h = v.Sin().Square();
        if (n > 0)
        {
            return v.Tanh().Sum();
        }

        return h.Sum();
    }

    [Differentiable(Fuse = false)]
    public static Tensor EarlyReturnNoFuse(Tensor v, int n)
    {
        var h = v.Sin().Square();
        if (n > 0)
        {
            return v.Tanh().Sum();
        }

        return h.Sum();
    }

    /// <summary>A condition (a constant, not differentiated) reads h, which fusion must therefore keep.</summary>
    [Differentiable]
    public static Tensor ConditionReads(Tensor a, int n)
    {
        var h = (a * 2.0).Tanh();
        if (h.Sum().Item<double>() > 0.2)
        {
            n = n + 1;
        }

        return h.Sum() * (n + 1.0);
    }

    [Differentiable(Fuse = false)]
    public static Tensor ConditionReadsNoFuse(Tensor a, int n)
    {
        var h = (a * 2.0).Tanh();
        if (h.Sum().Item<double>() > 0.2)
        {
            n = n + 1;
        }

        return h.Sum() * (n + 1.0);
    }

    /// <summary>A condition in a loop reads a fused chain's result computed in the same iteration.</summary>
    [Differentiable]
    public static Tensor LoopConditionReads(Tensor a, int n)
    {
        var h = a;
        for (var i = 0; i < n; i++)
        {
            var t = (h * 0.5).Tanh();
            if (t.Abs().Sum().Item<double>() > 2.5)
            {
                break;
            }

            h = t.Exp();
        }

        return h.Sum();
    }

    /// <summary>A detached copy reads h, which fusion must therefore keep.</summary>
    [Differentiable]
    public static Tensor DetachReads(Tensor a)
    {
        var h = (a * 3.0).Sin();
        var c = h.Detach();
        return h.Sum() + c.Sum();
    }

    /// <summary>z overflows to infinity in the loop when n is large, but reaches the result only when x &lt;= 0.</summary>
    [Differentiable]
    public static double OverflowNotReturned(double x, int n)
    {
        var z = x;
        for (var i = 0; i < n; i++)
        {
            z = z * z;
        }

        if (x > 0)
        {
            return 1.0;
        }

        return z;
    }

    /// <summary>s is infinite for large x and reaches the result only through the branch.</summary>
    [Differentiable]
    public static double OverflowInBranch(double x, int n)
    {
        var s = Math.Exp(1000 * x);
        var r = x;
        if (n > 0)
        {
            r = s;
        }

        return r * r;
    }

    /// <summary>
    /// Found by the fuzzer: w is NaN for x &lt; 2 and does not reach the result when n &gt; 0; Math.Abs's rule used to
    /// throw on NaN (Math.Sign) even though its value was dead.
    /// </summary>
    [Differentiable]
    public static double AbsOfNaNNotReturned(double x, int n)
    {
        double w = Math.Abs(Math.Sqrt(x - 2));
        return n > 0 ? x * x : w;
    }

    /// <summary>Two parameters: with n = 0, a does not reach the result; a masked pullback asks for one gradient.</summary>
    [Differentiable]
    public static Tensor TwoParameters(Tensor a, Tensor b, int n)
    {
        var h = a.Sin() * b;
        var r = b.Exp();
        if (n > 0)
        {
            r = h;
        }

        return r.Sum();
    }

    /// <summary>A switch: h's first value is dead in every section but the first, which leaves it as it is.</summary>
    [Differentiable]
    public static Tensor SwitchOverwrites(Tensor v, int n)
    {
        var h = v.Exp();
        switch (n)
        {
            case 0:
                break;
            case 1:
                h = v.Sin();
                break;
            default:
                h = v.Cos() * v;
                break;
        }

        return h.Sum();
    }

    /// <summary>A do/while loop overwrites h at least once: its first value never reaches the result.</summary>
    [Differentiable]
    public static Tensor DoWhileOverwrites(Tensor v, int n)
    {
        var h = v.Sin();
        var i = 0;
        do
        {
            h = (v * (i + 2.0)).Tanh();
            i++;
        }
        while (i < n);

        return h.Sum();
    }

    /// <summary>A model's output reaches the result only through the branch; otherwise its gradient is zero.</summary>
    [Differentiable]
    public static Tensor ModelOnlyInBranch(Linear layer, Tensor x, int n)
    {
        var y = layer.Forward(x).Tanh();
        var r = x * 2.0;
        if (n > 0)
        {
            r = y;
        }

        return r.Sum();
    }
}

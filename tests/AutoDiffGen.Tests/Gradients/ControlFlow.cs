namespace AutoDiffGen.Tests.Gradients;

/// <summary>
/// Control flow of issue 22 on tensors: returns nested anywhere (with code after them), switches with goto case,
/// switches on a value computed from a tensor, for loops without a condition and while (true), left by break.
/// Fusion is off, so the value is bit for bit the method's (a fused Sum may differ in the last bits).
/// </summary>
public static partial class ControlFlow
{
    /// <summary>Returns in a nested if, an else branch and after more code; n picks the path.</summary>
    [Differentiable(Fuse = false)]
    public static Tensor NestedReturns(Tensor x, int n)
    {
        var h = x * x;
        if (n > 0)
        {
            if (n > 2)
            {
                return (h * x).Sum();
            }

            h = (h + x).Tanh();
        }
        else
        {
            return (x * 3).Sum();
        }

        h = h * x;
        return h.Sum();
    }

    /// <summary>goto case and goto default between switch sections, and a section that returns.</summary>
    [Differentiable(Fuse = false)]
    public static Tensor GotoSections(Tensor x, int n)
    {
        var h = x;
        switch (n)
        {
            case 0:
                h = h * x;
                goto case 2;
            case 1:
                return h.Exp().Sum();
            case 2:
                h = (h + 1).Tanh();
                goto default;
            default:
                h = h * h;
                break;
        }

        return (h * x).Sum();
    }

    /// <summary>A switch on a number computed from the detached tensor (a constant) with relational patterns.</summary>
    [Differentiable(Fuse = false)]
    public static Tensor SwitchOnValue(Tensor x, int n)
    {
        switch (x.Detach().Sum().Item<double>() + n)
        {
            case > 2:
                return (x * x).Sum();
            case < 0.5 and > -1:
                return x.Tanh().Sum();
            default:
                return (x * n).Sum();
        }
    }

    /// <summary>A for loop without a condition around while (true), both left by break.</summary>
    [Differentiable(Fuse = false)]
    public static Tensor Forever(Tensor x, int n)
    {
        var h = x;
        for (var i = 1; ; i++)
        {
            var j = 0;
            while (true)
            {
                h = (h * x).Tanh() + x;
                j++;
                if (j >= i)
                {
                    break;
                }
            }

            if (i >= n)
            {
                break;
            }
        }

        return h.Sum();
    }
}

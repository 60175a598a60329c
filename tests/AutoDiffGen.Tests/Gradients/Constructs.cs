namespace AutoDiffGen.Tests.Gradients;

/// <summary>
/// Constructs a PyTorch user writes without thinking (issue 15): casts inline, statements kept for their effect,
/// in-place changes of constant data, ++/-- on differentiable locals and when guards.
/// </summary>
public static partial class Constructs
{
    [ThreadStatic]
    private static List<double>? _seen;

    /// <summary>What <see cref="Record"/> saw on this thread (the tests run in parallel).</summary>
    public static List<double> Seen => _seen ??= [];

#pragma warning disable ADG0005 // The casts stop the gradient on purpose: k is a constant multiplier.
    /// <summary>(int)x and (double)(int)x inline: constants, so d/dx = k + 2kx with k = (int)x.</summary>
    [Differentiable]
    public static double CastInline(double x) => ((int)x * x) + ((double)(int)x * x * x);
#pragma warning restore ADG0005

    /// <summary>Calls made for their effect, in order, reading differentiable values; a discard.</summary>
    [Differentiable]
    public static double Statements(double x, int n)
    {
        System.Diagnostics.Debug.Assert(n >= 0, "n must not be negative");
        Record(x);
        var y = x * x;
        _ = Math.Sqrt(y);
        Record(y);
        return y * n;
    }

    /// <summary>Constant tensors filled in place before anything reads them.</summary>
    [Differentiable]
    public static Tensor FilledMask(Tensor x, [NoDiff] double fill)
    {
        var m = Tensor.Zeros([3], DType.Float64);
        m.FillInPlace(fill);
        var y = (x * m).Tanh();
        var w = Tensor.Ones([3], DType.Float64);
        w.FillInPlace(0.5);
        return (y * w).Sum();
    }

    /// <summary>++ and -- as statements on differentiable locals and a parameter, in and out of a loop.</summary>
    [Differentiable]
    public static double Steps(double x, int n)
    {
        var y = x * x;
        y++;
        for (var i = 0; i < n; i++)
        {
            y--;
            y = y * x;
            x++;
        }

        ++y;
        --x;
        return y * x;
    }

    /// <summary>A switch statement with when guards (one reads a differentiable value), sections ending in break.</summary>
    [Differentiable]
    public static double Guarded(double x, int n)
    {
        switch (n)
        {
            case > 0 when x > 1:
                x = x * x;
                break;
            case > 0:
                x = Math.Sin(x);
                break;
            case 0 when n + x < -1:
                x = Math.Exp(x);
                break;
            default:
                x = -x;
                break;
        }

        return x * 3;
    }

    /// <summary>A switch statement whose guarded sections all return.</summary>
    [Differentiable]
    public static double GuardedReturns(double x, int n)
    {
        switch (n)
        {
            case > 1 when x > 0:
                return x * x * x;
            case > 1:
                return x;
            default:
                return Math.Cos(x);
        }
    }

    /// <summary>A switch expression with when guards, one on the discard pattern.</summary>
    [Differentiable]
    public static double GuardedArms(double x, int n) => n switch
    {
        > 0 when x > 1 => x * x,
        > 0 => 2 * x,
        _ when x < -1 => Math.Exp(x),
        _ => -x,
    };

    /// <summary>
    /// Found by the fuzzer: guards that read their pattern's variable, two sections declaring the same name (both
    /// must stay scoped to their own test in the generated code), and a switch expression arm doing the same.
    /// </summary>
    [Differentiable]
    public static double GuardsReadPatternVariables(double x, int n)
    {
        var y = x;
        switch (n)
        {
            case int k when k > 2:
                y = x * x;
                break;
            case int k when k < 0:
                y = Math.Sin(x);
                break;
            default:
                y = 2 * x;
                break;
        }

        return n switch
        {
            int k when k > 1 => y * x,
            _ => y + n,
        };
    }

    /// <summary>break and continue nested in ifs, in an else-if and after other statements of a for loop's body.</summary>
    [Differentiable]
    public static double NestedJumps(double x, int n)
    {
        var acc = x;
        for (var i = 0; i < n; i++)
        {
            if (i % 2 == 1)
            {
                if (acc > 3)
                {
                    break;
                }

                acc = acc * 1.5;
                if (i > 4)
                {
                    continue;
                }
            }
            else if (i == 6)
            {
                continue;
            }
            else
            {
                acc = acc + Math.Sin(acc);
            }

            acc = (acc * x * 0.5) + 1;
        }

        return acc;
    }

    /// <summary>continue nested in a while loop, break nested in a do-while loop, each on a differentiable condition.</summary>
    [Differentiable]
    public static double WhileJumps(double x, int n)
    {
        var k = 0;
        var y = x;
        while (k < n)
        {
            k++;
            if (k > 1)
            {
                if (y > 2)
                {
                    continue;
                }
            }

            y = y * x;
        }

        do
        {
            if (n > 0)
            {
                if (y < -1)
                {
                    break;
                }
            }

            y = y + x;
            n--;
        }
        while (n > 0);
        return y;
    }

    /// <summary>A return inside a for loop, on a differentiable condition, and a return after it.</summary>
    [Differentiable]
    public static double ReturnInLoop(double x, int n)
    {
        var y = x;
        for (var i = 0; i < n; i++)
        {
            y = (y * x) + Math.Sin(y);
            if (y > 4)
            {
                return y * 2;
            }

            y = y - 0.25;
        }

        return y * y;
    }

    /// <summary>Returns from an inner loop (nested in an if) and from an outer while loop, and a return after both.</summary>
    [Differentiable]
    public static double ReturnInNestedLoops(double x, int n)
    {
        var acc = 1.0;
        var k = 0;
        while (k < n)
        {
            for (var j = 0; j < k; j++)
            {
                acc = acc * x;
                if (j > 0)
                {
                    if (acc < -3)
                    {
                        return acc + x;
                    }
                }
            }

            if (k == 5)
            {
                return Math.Exp(x) * acc;
            }

            k++;
            acc = acc + x;
        }

        return acc * 3;
    }

    /// <summary>A tensor loop that returns early: the gradient of the value the iteration returned.</summary>
    [Differentiable]
    public static Tensor TensorReturnInLoop(Tensor x, int n)
    {
        var h = x;
        for (var i = 0; i < n; i++)
        {
            h = (h * x).Tanh();
            if (i == 1)
            {
                return (h * 3).Sum();
            }
        }

        return h.Sum();
    }

    /// <summary>Mutual recursion: Even and Odd call each other down to n = 0.</summary>
    [Differentiable]
    public static double Even(double x, int n) => n <= 0 ? Math.Sin(x) : Odd(x * 1.1, n - 1) * x;

    [Differentiable]
    public static double Odd(double x, int n) => n <= 0 ? x * x : Even(x + 0.5, n - 1) + x;

    /// <summary>A [Differentiable] instance method of a data object (not a model): its fields are constants.</summary>
    [Differentiable]
    public static double ScaledBy(double x, [NoDiff] Scaler scaler) => scaler.Apply(x * x) + x;

    private static void Record(double value) => Seen.Add(value);
}

namespace AutoDiffGen.Tests.Gradients;

/// <summary>
/// A table of composite (double a, double b) → double methods, one construct mix each; CompositeTableTests finds
/// them by reflection and checks every generated gradient against central finite differences.
/// </summary>
public static partial class CompositeTable
{
    [Differentiable]
    public static double Quadratic(double a, double b) => (a * a) + (3 * a * b) - (b * b);

    [Differentiable]
    public static double Rational(double a, double b) => (a + 1) / ((b * b) + 1);

    [Differentiable]
    public static double Trig(double a, double b) => Math.Sin(a) * Math.Cos(b) + Math.Tan(a / 4);

    [Differentiable]
    public static double Hyperbolic(double a, double b) => Math.Tanh(a * b) + Math.Sinh(a / 3) - Math.Cosh(b / 3);

    [Differentiable]
    public static double ExpLog(double a, double b) => Math.Exp(a / 2) * Math.Log((b * b) + 1);

    [Differentiable]
    public static double Roots(double a, double b) => Math.Sqrt((a * a) + 2) + Math.Cbrt((b * b) + 1);

    [Differentiable]
    public static double Powers(double a, double b) => Math.Pow((a * a) + 1, b / 3);

    [Differentiable]
    public static double Angles(double a, double b) => Math.Atan2(a, (b * b) + 1) + Math.Atan(a * b);

    [Differentiable]
    public static double Absolute(double a, double b) => Math.Abs((a * 2) - 0.3) * b;

    [Differentiable]
    public static double Extremes(double a, double b) => Math.Max(a, b) + (2 * Math.Min(a * b, 0.5));

    [Differentiable]
    public static double Reassigned(double a, double b)
    {
        var t = a;
        t = t * b;
        t = t + a;
        t *= 2;
        t -= b;
        t /= (a * a) + 1;
        return t;
    }

    [Differentiable]
    public static double Ternary(double a, double b) => a > b ? a * a : b * b * b;

    [Differentiable]
    public static double ChainOfIfs(double a, double b)
    {
        var r = a;
        if (a > 0.5)
        {
            r = r * b;
        }
        else if (a > -0.5)
        {
            r = Math.Sin(r) + b;
        }
        else
        {
            r = r - (b * b);
        }

        return r * a;
    }

    [Differentiable]
    public static double EarlyExit(double a, double b)
    {
        if (b > 1)
        {
            return a * b;
        }

        var c = Math.Exp(a);
        return c * b;
    }

    [Differentiable]
    public static double SumLoop(double a, double b)
    {
        var s = 0.0;
        for (var i = 1; i <= 5; i++)
        {
            s += Math.Pow(a, i) * b / i;
        }

        return s;
    }

    [Differentiable]
    public static double WhileHalving(double a, double b)
    {
        var x = (a * a) + 4;
        var k = 0;
        while (k < 6)
        {
            x = (x / 2) + (b * 0.1);
            k++;
        }

        return x;
    }

    [Differentiable]
    public static double LoopWithBranch(double a, double b)
    {
        var x = a;
        for (var i = 0; i < 6; i++)
        {
            x = i % 2 == 0 ? x * b : x + Math.Sin(b);
        }

        return x;
    }

    [Differentiable]
    public static double NestedLoops(double a, double b)
    {
        var t = 0.0;
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                t += a * (i + 1) * Math.Cos(b * j);
            }
        }

        return t;
    }

    [Differentiable]
    public static double LoopBreak(double a, double b)
    {
        var x = a;
        for (var i = 0; i < 20; i++)
        {
            x = (0.5 * x) + b;
            if (x > 3)
            {
                break;
            }
        }

        return x * x;
    }

    [Differentiable]
    public static double LoopContinue(double a, double b)
    {
        var x = 0.0;
        for (var i = 0; i < 8; i++)
        {
            if (i % 3 == 0)
            {
                continue;
            }

            x += a * b / i;
        }

        return x;
    }

    [Differentiable]
    public static double ForeachWeights(double a, double b)
    {
        var total = 0.0;
        foreach (var w in new[] { 0.5, -1.0, 2.0 })
        {
            total += w * a * b;
        }

        return total + a;
    }

    [Differentiable]
    public static double Helper(double a, double b) => Math.Sin(a) * b;

    [Differentiable]
    public static double CallsHelper(double a, double b) => Helper(a, b) + Helper(b, a * 2);

    [Differentiable]
    public static double CallsInLoop(double a, double b)
    {
        var s = a;
        for (var i = 0; i < 4; i++)
        {
            s = Helper(s, b) + 0.1;
        }

        return s;
    }

    [Differentiable]
    public static double Constants(double a, double b)
    {
        const double Scale = 1.5;
        var n = 3;
        var shift = n * 0.25;
        return (Scale * a) + (shift * b) + Math.PI;
    }

    [Differentiable]
    public static double NegationAndPlus(double a, double b) => -a + (+b) - (-(a * b));

    // Checks that the gradient stops at Floor and Round (their rules are zero), which ADG0005 warns about.
#pragma warning disable ADG0005
    [Differentiable]
    public static double Rounding(double a, double b) => (Math.Floor(a) * b) + (Math.Round(b) * a) + a;
#pragma warning restore ADG0005

    [Differentiable]
    public static double SwitchStatement(double a, double b)
    {
        var mode = a > 0 ? 1 : 2;
        var r = a * b;
        switch (mode)
        {
            case 1:
                r = r + Math.Sin(b);
                break;
            case 2 or 3:
                r = r * a;
                break;
            default:
                r = 0;
                break;
        }

        return r;
    }

    [Differentiable]
    public static double SwitchReturns(double a, double b)
    {
        var kind = b > 0.5 ? 0 : b > -0.5 ? 1 : 2;
        switch (kind)
        {
            case 0:
                return a * b;
            case 1:
                return Math.Exp(a) + b;
            default:
                return a - (b * b);
        }
    }

    [Differentiable]
    public static double SwitchExpression(double a, double b)
    {
        var k = (int)Math.Floor(a.Detach() * 2);
        return k switch
        {
            < -1 => a * a,
            0 or 1 => Math.Cos(a) * b,
            _ => a + b,
        };
    }

    [Differentiable]
    public static double Recursive(double a, double b) => Series(a, b, 4);

    /// <summary>Direct recursion with a base case: a · b + Series(sin a, b, n − 1).</summary>
    [Differentiable]
    public static double Series(double a, double b, int n)
    {
        if (n == 0)
        {
            return b;
        }

        return (a * b) + Series(Math.Sin(a), b, n - 1);
    }

    [Differentiable]
    public static double MutualRecursion(double a, double b) => Even(a, b, 5);

    /// <summary>Mutual recursion (Even calls Odd calls Even): both get class pullbacks, as structs cannot contain each other.</summary>
    [Differentiable]
    public static double Even(double a, double b, int n) => n == 0 ? a * b : Odd(Math.Sin(a) + b, b, n - 1) * 0.9;

    [Differentiable]
    public static double Odd(double a, double b, int n) => n == 0 ? a - b : Even(a * b, Math.Cos(b), n - 1) + a;

    [Differentiable]
    public static double DoWhile(double a, double b)
    {
        var x = a;
        var n = 0;
        do
        {
            x = (x * 0.8) + (b * 0.3);
            n++;
        }
        while (n < 4);

        return x * b;
    }
}

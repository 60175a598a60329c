namespace AutoDiffGen.Tests.Gradients;

/// <summary>[Differentiable] methods with for and while loops whose bounds are known only at run time.</summary>
public static partial class Loops
{
    /// <summary>x to the n-th power by repeated multiplication.</summary>
    [Differentiable]
    public static double Power(double x, int n)
    {
        var acc = 1.0;
        for (var i = 0; i < n; i++)
        {
            acc = acc * x;
        }

        return acc;
    }

    /// <summary>A while loop, an if inside it, and a value carried from one iteration to the next.</summary>
    [Differentiable]
    public static double Iterate(double a, double b, int steps)
    {
        var x = a;
        var y = b;
        var k = 0;
        while (k < steps)
        {
            var next = Math.Sin(x) * y;
            if (k % 2 == 0)
            {
                y = y + (0.5 * x);
            }

            x = next + a;
            k++;
        }

        return (x * y) + a;
    }

    /// <summary>Nested loops over run-time bounds.</summary>
    [Differentiable]
    public static double Nested(double x, int rows, int cols)
    {
        var total = 0.0;
        for (var r = 0; r < rows; r++)
        {
            var rowSum = x;
            for (var c = 0; c < cols; c++)
            {
                rowSum = (rowSum * 0.9) + Math.Cos(x * c);
            }

            total += rowSum * r;
        }

        return total;
    }

    /// <summary>A recurrent update on tensors, h ← tanh(h·W + x·U), for a run-time number of steps.</summary>
    [Differentiable]
    public static Tensor Recurrent(Tensor w, Tensor u, [NoDiff] Tensor x, int steps)
    {
        var h = x.MatMul(u).Tanh();
        for (var t = 0; t < steps; t++)
        {
            h = (h.MatMul(w) + x.MatMul(u)).Tanh();
        }

        return h.Square().Mean();
    }

    /// <summary>foreach over constant data: a weighted sum of powers.</summary>
    [Differentiable]
    public static double Polynomial(double x, int[] powers)
    {
        var total = 0.0;
        foreach (var p in powers)
        {
            total += Math.Pow(x, p) / (p + 1);
        }

        return total;
    }

    /// <summary>Newton-like iterations that stop early (break) and skip some steps (continue).</summary>
    [Differentiable]
    public static double Converge(double a, int maxSteps)
    {
        var x = 1.0;
        for (var i = 0; i < maxSteps; i++)
        {
            if (i % 3 == 2)
            {
                continue;
            }

            var next = 0.5 * (x + (a / x));
            if (Math.Abs(next - x) < 1e-3)
            {
                x = next;
                break;
            }

            x = next;
        }

        return x * x * x;
    }

    /// <summary>A tensor carried through a loop whose first value is data, updated differently on alternate steps.</summary>
    [Differentiable]
    public static Tensor Alternating(Tensor w, [NoDiff] Tensor x, int steps)
    {
        var h = x;
        for (var i = 0; i < steps; i++)
        {
            if (i % 2 == 0)
            {
                h = h.MatMul(w).Tanh();
            }
            else
            {
                h = h * 0.5;
            }
        }

        return h.Sum();
    }

    /// <summary>float arithmetic in a loop with a branch.</summary>
    [Differentiable]
    public static float FloatLoop(float a, int n)
    {
        var s = 0f;
        for (var i = 0; i < n; i++)
        {
            s = i % 2 == 0 ? s + MathF.Sin(a * i) : s * 0.9f;
        }

        return s + a;
    }
}

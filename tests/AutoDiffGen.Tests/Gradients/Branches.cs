namespace AutoDiffGen.Tests.Gradients;

/// <summary>[Differentiable] methods with if/else and ?: on non-differentiable conditions.</summary>
public static partial class Branches
{
    /// <summary>A piecewise function: the gradient follows the branch that ran.</summary>
    [Differentiable]
    public static double Piecewise(double x, double y)
    {
        double result;
        if (x > y)
        {
            result = x * x * y;
        }
        else
        {
            result = Math.Sin(x) + y;
        }

        return result * 2;
    }

    /// <summary>An if without else that updates a local, nested ifs, and a ?: expression.</summary>
    [Differentiable]
    public static double Nested(double a, double b, int mode)
    {
        var t = a * b;
        if (mode > 0)
        {
            t = t + Math.Exp(a);
            if (b < 0)
            {
                t = t * b;
            }
        }

        var u = a > 1 ? t * a : t - b;
        return u + (mode == 2 ? a : b);
    }

    /// <summary>Huber loss on tensors: the branch is chosen from the data's size, not elementwise.</summary>
    [Differentiable]
    public static Tensor Huber(Tensor prediction, [NoDiff] Tensor target, double delta)
    {
        var error = (prediction - target).Abs().Mean();
        Tensor loss;
        if (error.Item<double>() <= 1)
        {
            loss = 0.5 * error * error;
        }
        else
        {
            loss = (error - (0.5 * delta)) * delta;
        }

        return loss;
    }

    /// <summary>Early returns: the rest of the method is the other branch.</summary>
    [Differentiable]
    public static double EarlyReturn(double x, double y)
    {
        if (x < 0)
        {
            return -x * y;
        }

        var z = x * x;
        if (z > 4)
        {
            return Math.Log(z) + y;
        }
        else if (y > 0)
        {
            return z * y;
        }

        return z - y;
    }
}

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    // The bounds are differentiable: the gradient goes to the bound the value was clamped to.
    [Differentiable]
    public static double F(double x, double y)
    {
        return Math.Clamp(x * 2, y - 0.5, y + 0.5) + double.Clamp(x, -y * y, y * y + 0.1);
    }
}

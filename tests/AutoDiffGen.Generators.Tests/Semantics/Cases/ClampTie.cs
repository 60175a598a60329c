// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    // The value equals its bound: inside the inclusive range, the gradient is the value's (as torch.clamp).
    [Differentiable]
    public static double F(double x, double y)
    {
        return Math.Clamp(x, x, x + y * y + 1) * y + double.Clamp(y, x - 10, y);
    }
}

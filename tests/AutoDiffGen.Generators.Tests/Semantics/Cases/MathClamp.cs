// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        return Math.Clamp(x * y, -1.0, 1.0) + x;
    }
}

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        return double.MaxMagnitude(x, y) * 2 + Math.MinMagnitude(x - 1, y) + double.MaxMagnitude(-x, x * 0.5);
    }
}

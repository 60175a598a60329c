// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        return double.Max(x, y) + double.Min(x * y, 1.0) + double.Clamp(x, -1.0, 1.0);
    }
}

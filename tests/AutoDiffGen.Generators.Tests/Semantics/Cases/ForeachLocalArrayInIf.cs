// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double[] arr = { x, y, x * y };
        double s = 0;
        if (x > -10) { foreach (var v in arr) s += v * v; }
        return s;
    }
}

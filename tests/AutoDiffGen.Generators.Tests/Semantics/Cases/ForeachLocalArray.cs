// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double[] arr = new double[] { x, y };
        double s = 0;
        foreach (var v in arr) s += v * x;
        return s;
    }
}

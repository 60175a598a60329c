// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double t;
        if ((t = x * y) > 0) return t * t;
        return -t * x;
    }
}

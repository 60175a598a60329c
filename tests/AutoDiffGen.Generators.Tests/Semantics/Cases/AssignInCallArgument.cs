// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double t; var s = Math.Sin(t = x * y) * t; return s + t;
    }
}

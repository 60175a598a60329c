// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double t = 0; _ = x > y ? (t = x) : (t = y); return t * y;
    }
}

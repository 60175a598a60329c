// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var a = new double[2]; a[0] = x; a[1] = a[0] * y; a[0] += y; return a[0] * a[1];
    }
}

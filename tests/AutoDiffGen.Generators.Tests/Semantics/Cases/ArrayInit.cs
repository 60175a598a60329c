// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double[] a = { x, 2 * x * y }; return a[0] + a[1];
    }
}

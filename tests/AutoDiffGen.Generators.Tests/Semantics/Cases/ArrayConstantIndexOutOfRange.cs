// expect: ADG0004 `a[2]` "outside the 2 elements of 'a'"
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double[] a = { x, y };
        return a[2] * x;
    }
}

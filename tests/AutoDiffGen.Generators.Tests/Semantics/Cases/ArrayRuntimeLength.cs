// expect: ADG0004 `a[0] = x;` "as a Tensor"
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        int n = 3;
        if (x > 100) { n = 4; }
        var a = new double[n];
        a[0] = x;
        return a[0] * y;
    }
}

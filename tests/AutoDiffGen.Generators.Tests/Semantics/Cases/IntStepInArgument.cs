// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        int i = 1;
        var s = Math.Pow(x, i++) * i;
        return s * y + ++i * x;
    }
}

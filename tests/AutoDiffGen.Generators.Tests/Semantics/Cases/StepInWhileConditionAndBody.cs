// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double z = x; int i = 0, j = 10;
        while (i++ < j--) { z = z * 0.5 + y * i; }
        return z * j;
    }
}

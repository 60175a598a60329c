// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double z = x; int i = 0;
        while (i++ < 3) { z = z * y; }
        return z;
    }
}

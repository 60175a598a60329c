// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double z = y;
        if ((x += x) != 0) { z = z * x; }
        return z + x;
    }
}

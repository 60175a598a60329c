// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double z = x;
        if (x > 1) { z = z * y; } else { return y * y; }
        z = z + 1;
        return z * x;
    }
}

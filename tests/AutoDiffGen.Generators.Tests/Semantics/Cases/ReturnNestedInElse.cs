// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double z = y;
        if (x > 1) { z = z * x; }
        else
        {
            if (y > 1) { return x * y; }
            z = z - x;
        }
        return z * z;
    }
}

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double z = x + 3; double p = 1;
        while ((z -= 1) > 0) { p = p * y; }
        return p + z;
    }
}

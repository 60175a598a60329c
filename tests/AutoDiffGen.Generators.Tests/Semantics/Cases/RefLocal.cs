// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double x1 = x, x2 = y;
        ref double r = ref x1; r = r * y;
        r = ref x2; r = r * x;
        return x1 + 2 * x2;
    }
}

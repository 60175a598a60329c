// expect: ADG0004 `x > 0 ? ref x1 : ref x2` "the ref local 'r' refers to"
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double x1 = x, x2 = y;
        ref double r = ref x > 0 ? ref x1 : ref x2;
        r = r * y;
        return x1 + 2 * x2;
    }
}

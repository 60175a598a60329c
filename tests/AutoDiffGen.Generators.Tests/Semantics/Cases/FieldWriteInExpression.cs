// expect: ADG0004 `_last = x * y` "writes the field '_last'"
using System;
using AutoDiffGen;

public static partial class K
{
    private static double _last;

    [Differentiable]
    public static double F(double x, double y)
    {
        return (_last = x * y) * x;
    }
}

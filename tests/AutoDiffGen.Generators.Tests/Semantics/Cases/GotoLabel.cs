// expect: ADG0004 `goto` "goto to a label is not supported"
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double s = x;
        if (y > 0) goto done;
        s = s * y;
    done:
        return s * x;
    }
}

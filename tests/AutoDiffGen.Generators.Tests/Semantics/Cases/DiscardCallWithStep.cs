// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        int i = 0; double s = x;
        _ = Math.Max(i++, 0);
        _ = (s *= y) > 0 ? s : -s;
        return s * i;
    }
}

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double s = 1;
        for (byte b = 254; b++ != 1;) { s = s * y + x; }
        return s;
    }
}

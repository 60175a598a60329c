// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double s = y;
        for (int i = 0; i < 5; s += x) { if (i++ == 2) break; s = s * 0.5; }
        return s;
    }
}

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double s = x;
        for (int i = 0; i < 5; i++) { { if (s > 3) { return s * y; } } s = s * 2; }
        return s;
    }
}

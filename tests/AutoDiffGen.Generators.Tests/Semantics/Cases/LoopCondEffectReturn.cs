// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double s = 0;
        while ((s += x * x + 0.5) < 10) { if (s > 3) return s * y; }
        return s;
    }
}

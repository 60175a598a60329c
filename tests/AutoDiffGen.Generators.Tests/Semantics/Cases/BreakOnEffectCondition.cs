// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double s = 0; int k = 0;
        while (k < 5) { if ((s += x * x + 0.25) > 1) break; k++; }
        return s * y + k;
    }
}

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double s = 0; int i = 0;
        while (i++ < 4) { if (i == 2) continue; s += x * i * y; }
        return s + i;
    }
}

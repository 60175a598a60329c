// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double a = 0; int k = 0;
        do { if (k == 1) continue; a += x * y; } while (++k < 3);
        return a + k;
    }
}

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double a = y; int i = 0, j;
        do { j = 0; do { a = a * 0.5 + x; } while (++j < 2); } while (i++ < 2);
        return a * (i + j);
    }
}

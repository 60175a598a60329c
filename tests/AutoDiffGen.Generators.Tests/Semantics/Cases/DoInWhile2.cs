// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double a = 0; int counter = 3;
        while (counter > 0) { do { a += x * x + y; } while (--counter > 1); counter--; }
        return a;
    }
}

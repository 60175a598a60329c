// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double a = x; double b = 0;
        if ((a += y) > (a *= x)) { b = a * y; } else { b = a + x; }
        return a + b;
    }
}

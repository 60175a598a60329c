// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double a = x;
        if (x > 100 && (a += y) > 1) { a = a * x; }
        if (x > -100 || (a *= y) > 1) { a = a + y; }
        return a * y;
    }
}

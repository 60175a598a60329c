// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double a = x; double b = y;
        if ((a *= y) > -100 && (b += a) > -100 && (a -= b) < 100) { a = a * b; }
        return a + b;
    }
}

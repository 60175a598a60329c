// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double s = y; int n; double t;
        if (x > 0 && (n = 3) > 2) { s = s * n * x; }
        if (x <= 0 || (t = x * y) < -100) { s = s + y; } else { s = s * t; }
        return s;
    }
}

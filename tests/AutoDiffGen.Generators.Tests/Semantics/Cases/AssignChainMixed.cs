// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double a, b; int n, m;
        n = m = 2;
        a = (b = x * n) * (m = 3) + b;
        return a * y + m;
    }
}

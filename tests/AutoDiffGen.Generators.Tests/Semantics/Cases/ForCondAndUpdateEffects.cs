// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double s = 0; int n = 0;
        for (int i = 0; (s += x) < 5 && i < 4; i += 1, s *= y) { n++; }
        return s + n;
    }
}

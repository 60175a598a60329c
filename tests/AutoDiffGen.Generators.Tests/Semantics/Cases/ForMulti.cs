// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double s = 0;
        for (int i = 0, j = 3; i < j; i++, j--) { s += x * i + y * j; }
        return s;
    }
}

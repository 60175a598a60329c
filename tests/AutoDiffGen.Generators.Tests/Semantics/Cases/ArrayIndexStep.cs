// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double[] t = { x, y }; t[0]++; return t[0] * t[1];
    }
}

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        float a = (float)x, b = (float)y; double r = a * b; return r + x;
    }
}

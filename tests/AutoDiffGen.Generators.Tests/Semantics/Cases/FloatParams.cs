// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        return F2((float)x, (float)y) + x;
    }

    [Differentiable] public static double F2(float a, float b) { double r = a * b; return r; }
}

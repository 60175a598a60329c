// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        switch (x * y)
        {
            case double d when d > 1: return d * x;
            case < -0.5: return y;
            default: return x - y;
        }
    }
}

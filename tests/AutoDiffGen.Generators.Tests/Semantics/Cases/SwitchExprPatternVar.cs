// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        return (x + y) switch { double d when d > 1.5 => d * x, var e => e - y };
    }
}

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double t = 0; int k = x > 0 ? 0 : 1;
        var r = k switch { 0 => (t = x) * y, _ => (t = y) * x };
        return r + t;
    }
}

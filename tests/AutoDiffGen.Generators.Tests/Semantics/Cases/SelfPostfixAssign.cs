// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var z = x * y;
        z = z++ + z++;
        var w = z--;
        return z * w;
    }
}

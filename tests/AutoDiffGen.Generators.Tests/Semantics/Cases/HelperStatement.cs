// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var r = x * y; Twice(r); return r;
    }

    [Differentiable] public static double Twice(double a) => 2 * a;
}

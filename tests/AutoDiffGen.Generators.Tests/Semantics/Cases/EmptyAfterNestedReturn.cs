// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        if (x > 0) { return x * y;; }
        ;
        return y;;
    }
}

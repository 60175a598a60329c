// expect: ADG0004 `a = new[] { y, x };` "declare a new local for the new value"
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var a = new[] { x, y };
        if (x > 0.5) { a = new[] { y, x }; }
        return a[0] * a[1] + a[0];
    }
}

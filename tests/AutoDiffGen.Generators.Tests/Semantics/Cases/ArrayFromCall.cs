// expect: ADG0004 `var a = Enumerable.Repeat(x * y, 3).ToArray();` "use a Tensor"
using System;
using System.Linq;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var a = Enumerable.Repeat(x * y, 3).ToArray();
        return a[0] * x;
    }
}

// expect: ADG0004 `r = ref x2;` "re-points the ref local 'r' inside an if"
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double x1 = x, x2 = y;
        ref double r = ref x1;
        if (x > 0) { r = ref x2; }
        r = r * y;
        return x1 + 2 * x2;
    }
}

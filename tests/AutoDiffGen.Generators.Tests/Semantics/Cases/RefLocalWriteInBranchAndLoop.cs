// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double x1 = x, x2 = y;
        ref double r = ref x1;
        if (y > 0) { r = r * y; } else { x1 = x1 + y; }
        for (int i = 0; i < 3; i++) { r += x2 * x; x2 = x2 * 0.5; }
        ref double q = ref r;
        q = q * r;
        r = ref x2;
        r *= x1;
        return x1 + 3 * x2 + r;
    }
}

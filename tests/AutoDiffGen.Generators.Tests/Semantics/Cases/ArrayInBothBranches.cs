// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double[] a = [x, y];
        if (x > 0.5) { a[0] = a[1] * x; } else { a[1] = a[0] * y; double[] b = { a[1], x }; a[0] += b[0] * b[1]; }
        return a[0] * a[1] + a[0];
    }
}

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double t = 0; int n = 0;
        var r = (t = x * y) > 0.5 ? t * x + n++ : (t += y) * n--;
        return r + t * n;
    }
}

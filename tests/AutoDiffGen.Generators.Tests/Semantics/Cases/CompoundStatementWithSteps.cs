// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        int k = 1, i = 2; double w = y;
        k += i++;
        x *= w++;
        x -= --w * k;
        return x * i + w;
    }
}

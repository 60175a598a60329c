// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        int k = 0;
        var c = x > y ? k++ : k--;
        return x * c + k * y;
    }
}

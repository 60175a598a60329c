// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double res = 1; int k = 0;
        while ((res += x * y) < 10 && k < 5) { k++; if (res > 8) break; }
        return res;
    }
}

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double res = 0; int i = 0;
        while ((res += x * i) != 0 || i == 0) { i++; if (i > 3) break; }
        return res;
    }
}

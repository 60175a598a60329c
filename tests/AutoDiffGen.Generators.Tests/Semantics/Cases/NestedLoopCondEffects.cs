// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double res = 0; int i = 0;
        while ((res += x) < 4 && i++ < 3)
        {
            int j = 0;
            while (j++ < 2) { res = res * 0.5 + y; }
        }
        return res * y;
    }
}

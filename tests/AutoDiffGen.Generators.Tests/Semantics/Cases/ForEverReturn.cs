// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double s = x; int i = 0;
        for (;;)
        {
            s = s * y;
            if (s > 2) return s + x;
            i++;
            if (i >= 3) break;
        }
        return s - x;
    }
}

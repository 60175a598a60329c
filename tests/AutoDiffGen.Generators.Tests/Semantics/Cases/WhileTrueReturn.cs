// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double s = x; int i = 0;
        while (true)
        {
            s = s * y + 0.5;
            i++;
            if (i >= 3) return s * x;
        }
    }
}

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double s = x;
        if (y > 0.5)
        {
            for (int i = 0; i < 3; i++) { if (s > 2) return s * y; s = s * 2; }
            s = s + y;
        }
        return s * x;
    }
}

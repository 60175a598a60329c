// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double[] arr = { x, y, x * y, 2.0 };
        double s = 1;
        foreach (var v in arr)
        {
            if (v > 2.4) break;
            if (v < -0.5) continue;
            s = s * v + x;
        }

        return s;
    }
}

// expect: ok
// points: 0.7 1.3; -0.4 2.1; 1.9 -0.6; 0.3 0.45; 2.5 1.1; -0.5 1.0
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double z = x;
        if (x > 0)
        {
            if (y > 1) { z = z * y; if (z > 1.5) return z; }
            z = z + 1;
        }
        else if (y > 2) { return y * x; }
        return z * y;
    }
}

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double s = y;
        switch (x)
        {
            case > 1.5: return x * y;
            case < 0: s = s * x; break;
            default: if (y > 1) return y - x; s = s + x; break;
        }
        return s * y;
    }
}

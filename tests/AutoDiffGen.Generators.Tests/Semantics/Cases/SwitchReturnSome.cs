// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        int n = x > 1 ? 1 : y > 1.5 ? 2 : 3; double s = x;
        switch (n)
        {
            case 1: return x * y;
            case 2: s = s * x; break;
            default: s = s + y; break;
        }
        return s * s;
    }
}

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        int n = x > 1 ? 1 : y > 1.5 ? 2 : 3; double s = y;
        switch (n)
        {
            case 1: s = s * x; goto case 2;
            case 2: return s * y;
            default: s = s - x; break;
        }
        return s * x;
    }
}

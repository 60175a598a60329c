// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        int n = x > 0 ? 1 : 2; double s = y;
        switch (n) { case 1: s = s * x; goto case 2; case 2: s = s + x; break; default: break; }
        return s;
    }
}

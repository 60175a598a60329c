// expect: ADG0004 `goto case 1;` "leads back to a section it came from"
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        int n = x > 0 ? 1 : 2; double s = y;
        switch (n) { case 1: s = s * x; if (s > 10) break; goto case 2; case 2: s = s + x; goto case 1; default: break; }
        return s;
    }
}

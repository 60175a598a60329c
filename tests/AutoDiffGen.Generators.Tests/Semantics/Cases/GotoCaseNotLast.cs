// expect: ADG0004 `goto case 2;` "only as the last statement of its switch section"
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        int n = x > 0 ? 1 : 2; double s = y;
        switch (n) { case 1: if (y > 1) goto case 2; s = s * x; break; case 2: s = s + x; break; }
        return s;
    }
}

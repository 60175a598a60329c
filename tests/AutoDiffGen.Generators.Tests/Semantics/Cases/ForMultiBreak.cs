// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double s = y;
        for (int i = 0, j = 4; i < j; i++, j -= 2)
        {
            if (s > 3) break;
            if (i == j - 1) continue;
            s += x * j - i * y;
        }
        return s;
    }
}

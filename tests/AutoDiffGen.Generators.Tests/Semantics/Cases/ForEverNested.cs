// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double s = x;
        for (int i = 0; ; i++)
        {
            if (i >= 3) break;
            int j = 0;
            for (;;) { s = s * y + x; j++; if (j > i) break; }
        }
        return s;
    }
}

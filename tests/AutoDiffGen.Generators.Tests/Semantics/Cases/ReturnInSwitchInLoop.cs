// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double s = x;
        for (int i = 0; i < 4; i++)
        {
            switch (i % 2)
            {
                case 0: s = s * y; break;
                default: if (s > 2) return s - y; s = s + x; break;
            }
        }
        return s;
    }
}

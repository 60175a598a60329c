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
            switch (i % 3)
            {
                case 0: s = s * y; goto case 2;
                case 1: if (s > 1) continue; s = s + y; break;
                case 2: s = s + x; break;
            }
            s = s * 0.5;
        }
        return s;
    }
}

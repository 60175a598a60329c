// expect: ok
// points: 0.7 1.3; -0.4 2.1; 1.9 -0.6; 0.3 0.45; 2.5 1.1; 0.2 0.7
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        switch ((int)(y * 2))
        {
            case 1: return x * y;
            case 2: case 3: return x;
            case int k when k < 0: return x * k;
            default: return y;
        }
    }
}

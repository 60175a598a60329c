// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double v = x; Scale(ref v, y); return v + x;
    }

    [Differentiable] public static void Scale(ref double v, double k) { v = v * k; }
}

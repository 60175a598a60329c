// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        Square(x, out var s); return s * y;
    }

    [Differentiable] public static void Square(double v, out double s) { s = v * v; }
}

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        return Mul(in x, y) + x;
    }

    [Differentiable] public static double Mul(in double a, double b) => a * b;
}

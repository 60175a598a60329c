// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    // An in parameter called without 'in', and one with a tensor-free expression argument.
    [Differentiable]
    public static double F(double x, double y)
    {
        return Mul(x, y) + Mul(in y, x * x) + Mul(x + 1, 2);
    }

    [Differentiable] public static double Mul(in double a, double b) => a * b + Math.Sin(a);
}

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        return G(x, y);
    }

    [Differentiable] public static T G<T>(T a, T b) where T : System.Numerics.IFloatingPointIeee754<T> => a * b + T.Sin(a);
}

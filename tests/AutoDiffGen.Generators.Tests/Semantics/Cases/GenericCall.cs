// expect: ADG0004 `G(x, y)` "calls the generic [Differentiable] method 'G'" + ADG0004 `<T>` "write it for double"
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        return G(x, y);
    }

    // Generic [Differentiable] methods are not specialized: rejected at the method and at each call.
    [Differentiable] public static T G<T>(T a, T b) where T : System.Numerics.IFloatingPointIeee754<T> => a * b + T.Sin(a);
}

// expect: ADG0004 `V.Make(x, y)` "create it with new here"
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var p = V.Make(x, y);
        return p.X * p.Y;
    }
}

public struct V { public double X; public double Y; public static V Make(double x, double y) => new V { X = x, Y = y }; }

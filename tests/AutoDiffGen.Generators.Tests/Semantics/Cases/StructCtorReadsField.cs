// expect: ADG0004 `new V(x, y)` "its constructor computes 'X * y'"
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var p = new V(x, y);
        return p.X * p.Y;
    }
}

public struct V { public V(double x, double y) { X = Math.Sin(x) * 2; Y = X * y; } public double X; public double Y; }

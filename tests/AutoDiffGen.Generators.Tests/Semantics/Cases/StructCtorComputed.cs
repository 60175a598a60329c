// expect: ok
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

public struct V { public V(double x, double y) { X = x * 2; Y = y; } public double X; public double Y; }

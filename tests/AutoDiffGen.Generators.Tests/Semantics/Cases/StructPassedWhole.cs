// expect: ADG0004 `p` "pass the fields as double values or make it a Tensor"
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var p = new V(x, y);
        return Dot(p) * x;
    }

    static double Dot(V v) => v.X * v.Y;
}

public struct V { public V(double x, double y) { X = x; Y = y; } public double X; public double Y; }

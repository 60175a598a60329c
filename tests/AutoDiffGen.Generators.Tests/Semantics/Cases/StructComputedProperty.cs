// expect: ADG0004 `p.Norm` "pass the fields as double values or make it a Tensor"
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var p = new V(x, y);
        return p.Norm * x;
    }
}

public readonly struct V { public V(double x, double y) { X = x; Y = y; } public double X { get; } public double Y { get; } public double Norm => Math.Sqrt(X * X + Y * Y); }

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var p = new C(x, y); return p.X * p.Y;
    }
}

public class C { public C(double x, double y) { X = x; Y = y; } public double X { get; } public double Y { get; } }

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var p = new P(x, y); return p.X * p.Y;
    }
}

public struct P { public P(double x, double y) { X = x; Y = y; } public double X; public double Y; }

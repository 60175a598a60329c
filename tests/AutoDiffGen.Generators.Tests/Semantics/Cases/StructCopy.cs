// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var p = new P(x, y);
        var q = p;
        q.X = q.X * y;
        p.Y += q.X;
        return p.X * 3 + p.Y * q.X + q.Y;
    }
}

public struct P { public P(double x, double y) { X = x; Y = y; } public double X; public double Y; }

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var p = new P(x, y);
        if (x > 0.5) { p = new P(y, x * y); } else { var q = p; q.X = 2 * x; p = q; }
        return p.X * p.Y + p.X;
    }
}

public struct P { public P(double x, double y) { X = x; Y = y; } public double X; public double Y; }

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var p = new R(x, y);
        var q = p with { Y = p.X * y };
        return p.Y * q.Y + q.X;
    }
}

public record R(double X, double Y);

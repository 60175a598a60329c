// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var p = new R(x, y); return p.X * p.Y + p.X;
    }
}

public record R(double X, double Y);

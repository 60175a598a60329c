// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var p = new C { X = x, Y = y };
        var q = p;
        q.X = q.X * y;
        p.Y += q.X;
        return p.X * 3 + p.Y * q.X + q.Y;
    }
}

public class C { public double X { get; set; } public double Y { get; set; } public int Count = 2; }

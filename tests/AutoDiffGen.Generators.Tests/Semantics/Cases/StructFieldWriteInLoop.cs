// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var p = new P { X = x, Y = y, N = 3 };
        for (int i = 0; i < p.N; i++)
        {
            if (p.X > 1) { p.X = p.X * 0.5; } else { p.Y *= x; }
            p.N--;
            p.X += p.Y;
        }

        return p.X * p.Y;
    }
}

public struct P { public double X; public double Y; public int N; }

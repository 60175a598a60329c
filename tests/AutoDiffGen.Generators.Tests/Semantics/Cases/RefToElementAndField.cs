// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double[] a = { x, y };
        var p = new P(y, x);
        ref double r = ref a[1];
        r *= x;
        ref double s = ref p.Y;
        s += r * y;
        s = ref p.X;
        s = s * a[0];
        r = ref a[0];
        r += s;
        return a[0] * a[1] + p.X * p.Y;
    }
}

public struct P { public P(double x, double y) { X = x; Y = y; } public double X; public double Y; }

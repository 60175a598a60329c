// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    // out var used in later statements, an out parameter assigned in both branches of an if, and a discard.
    [Differentiable]
    public static double F(double x, double y)
    {
        Split(x * y, out var lo, out var hi);
        double t = lo * 2;
        Split(t, out _, out hi);
        return t + hi * y + lo;
    }

    [Differentiable]
    public static void Split(double v, out double lo, out double hi)
    {
        if (v > 0.5)
        {
            lo = v - 0.5;
            hi = v * v;
        }
        else
        {
            lo = v;
            hi = -v;
        }
    }
}

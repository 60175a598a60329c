// expect: ADG0004 `Cap(ref v)` "returns before its end"
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double v = x * y;
        return Cap(ref v) + v;
    }

    // Inlined where it is called, it may return only at its end.
    [Differentiable]
    public static double Cap(ref double v)
    {
        if (v > 1)
        {
            return v;
        }

        v = v * 2;
        return v;
    }
}

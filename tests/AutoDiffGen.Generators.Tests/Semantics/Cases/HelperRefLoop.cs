// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    // A ref helper called in a loop: each call reads the value the previous one wrote.
    [Differentiable]
    public static double F(double x, double y)
    {
        double v = x;
        for (var i = 0; i < 3; i++)
        {
            Scale(ref v, y);
            if (v > 10)
            {
                break;
            }
        }

        return v + x;
    }

    [Differentiable] public static void Scale(ref double v, double k) { v = v * k + 0.1; }
}

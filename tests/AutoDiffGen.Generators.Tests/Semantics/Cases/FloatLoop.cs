// expect: ok
// points: 1.3e-5 2.1e-5; -0.7e-5 1.7e-5; 1.9e-5 -0.6e-5; 3e-5 4.5e-5; 2.5e-5 1.1e-5
using System;
using AutoDiffGen;

public static partial class K
{
    // A float accumulated in a loop, widened at the end; a compound assignment narrowing a double.
    [Differentiable]
    public static double F(double x, double y)
    {
        float s = 0;
        for (var i = 0; i < 3; i++)
        {
            s += (float)x * (float)y;
            s *= 1.5f;
        }

        return s;
    }
}

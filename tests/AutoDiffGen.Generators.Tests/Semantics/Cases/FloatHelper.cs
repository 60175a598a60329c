// expect: ok
// points: 1.3e-5 2.1e-5; -0.7e-5 1.7e-5; 1.9e-5 -0.6e-5; 3e-5 4.5e-5; 2.5e-5 1.1e-5
using System;
using AutoDiffGen;

public static partial class K
{
    // A double helper called with float arguments (widened at the call) and a float helper with doubles narrowed.
    [Differentiable]
    public static double F(double x, double y)
    {
        float a = (float)x;
        return D(a, y) + S((float)y, a);
    }

    [Differentiable] public static double D(double p, double q) => p * q;

    [Differentiable] public static float S(float p, float q) => MathF.Sin(p) * q;
}

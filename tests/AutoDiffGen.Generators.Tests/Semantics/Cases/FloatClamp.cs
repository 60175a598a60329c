// expect: ok
// points: 1.3e-5 2.1e-5; -0.7e-5 1.7e-5; 1.9e-5 -0.6e-5; 3e-5 4.5e-5; 2.5e-5 1.1e-5
using System;
using AutoDiffGen;

public static partial class K
{
    // float rules (float.Clamp, Math.Max(float, float), float.MaxMagnitude); points small enough that float
    // rounding stays far below the finite differences' step.
    [Differentiable]
    public static double F(double x, double y)
    {
        float a = (float)x, b = (float)y;
        float c = float.Clamp(a * 3, -b, 0.00005f) + Math.Max(a, b) + float.MaxMagnitude(a, b) + Math.Clamp(b, a, 0.0001f);
        return c + float.Min(a, b) + Math.Abs(a - b);
    }
}

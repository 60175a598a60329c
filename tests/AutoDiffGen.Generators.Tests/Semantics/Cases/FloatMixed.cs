// expect: ok
// points: 1.3e-5 2.1e-5; -0.7e-5 1.7e-5; 1.9e-5 -0.6e-5; 3e-5 4.5e-5; 2.5e-5 1.1e-5
using System;
using AutoDiffGen;

public static partial class K
{
    // float and double mixed in one expression (a float widened to double) and narrowed back by a cast.
    [Differentiable]
    public static double F(double x, double y)
    {
        float a = (float)x;
        double d = a * y + a;
        float e = (float)(d * x) * a;
        return e + d;
    }
}

// expect: ok
// points: 0.0013 0.0021; -0.0007 0.0017; 0.0019 -0.0006; 0.003 0.0045; 0.0025 0.0011
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        float a = (float)x, b = (float)y; double r = a * b; return r + x;
    }
}

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        switch (x) { case > 0.5: return x * y; case < -0.5: return y; default: return x + y; }
    }
}

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        return x switch { > 0.5 => x * y, < -0.5 => y, _ => x + y };
    }
}

// expect: ok
// points: 0.7 1.3; -0.4 2.1; 1.9 -0.6; 0.3 0.45; 2.5 1.1; -1.5 0.2
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        return x switch { > 0 and < 1 => x * y, < -1 or > 2 => y * y, not (>= 1.5 and <= 2) => x + y, _ => x * x };
    }
}

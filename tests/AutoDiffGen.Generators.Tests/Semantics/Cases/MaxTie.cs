// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    // Both operands are the same value: the whole gradient reaches it whichever operand gets it.
    [Differentiable]
    public static double F(double x, double y)
    {
        var a = x * y;
        return double.Max(a, a) + Math.Min(a, a) * x + double.MinMagnitude(y, y);
    }
}

// expect: ADG0004 `arr` "use a Tensor"
using System;
using System.Linq;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        double[] arr = { x, y };
        return Sum(arr) * x;
    }

    static double Sum(double[] values) => values.Sum();
}

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var a = new double[3];
        a[1] = x * y;
        int k = 0;
        for (int i = 0; i < a.Length; i++) { if (a[i] > 0.1) k = i; }
        if (a[1] > 0.5 && a[k] != 0) { return a[k] + a[1] * x; }
        return a[k] - y;
    }
}

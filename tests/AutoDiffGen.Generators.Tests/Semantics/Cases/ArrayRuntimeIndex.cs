// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var a = new double[4];
        for (int i = 0; i < a.Length; i++) { a[i] = x * i + y; }
        for (int i = 1; i < 4; i++) { a[i] += a[i - 1] * y; }
        double s = 0;
        for (int i = 0; i < a.Length; i++) { s += a[i] * a[3 - i]; }
        return s;
    }
}

// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        int counter, again; counter = again = 3; double s = 0;
        for (int i = 0; i < counter + again; i++) s += x;
        return s * y;
    }
}

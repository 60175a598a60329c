// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        switch ((int)(y * 2)) { case int k when k > 0: return x * k; default: return x; }
    }
}

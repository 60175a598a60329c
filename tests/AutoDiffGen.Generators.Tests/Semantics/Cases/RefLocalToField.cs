// expect: ADG0004 `H.Scale` "the ref local 'r' refers to 'H.Scale'"
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        ref double r = ref H.Scale;
        return x * y + r;
    }
}

public static class H { public static double Scale = 2; }

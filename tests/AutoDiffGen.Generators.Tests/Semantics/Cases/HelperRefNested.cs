// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    // A ref helper that calls another ref helper and an ordinary one, expression-bodied, on two variables.
    [Differentiable]
    public static double F(double x, double y)
    {
        double a = x, b = y;
        Twice(ref a, ref b);
        Twice(ref b, ref a);
        return a * b;
    }

    [Differentiable] public static void Twice(ref double p, ref double q) { Bump(ref p, q); Bump(ref q, Sq(p)); }

    [Differentiable] public static void Bump(ref double v, double by) => v += by * 0.5;

    [Differentiable] public static double Sq(double z) => z * z;
}

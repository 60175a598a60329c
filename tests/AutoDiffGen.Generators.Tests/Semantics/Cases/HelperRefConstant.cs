// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    // A ref helper on a value that does not depend on the inputs, then on one that does; and an int counter by ref.
    [Differentiable]
    public static double F(double x, double y)
    {
        double c = 2;
        int n = 0;
        Scale(ref c, 3, ref n);
        Scale(ref c, x, ref n);
        return c * y + n;
    }

    [Differentiable] public static void Scale(ref double v, double k, ref int count) { v *= k; count++; }
}

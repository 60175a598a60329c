// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    // A ref parameter and a result together: the result is computed from the parameter's initial value, and both
    // outputs are used; the caller's parameter itself passed by ref.
    [Differentiable]
    public static double F(double x, double y)
    {
        var r = Step(ref x, y);
        return r * x + Step(ref y, r);
    }

    [Differentiable]
    public static double Step(ref double v, double k)
    {
        var old = v;
        v = Math.Sin(v) * k;
        return old * old;
    }
}

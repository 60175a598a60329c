// expect: ok
using System;
using AutoDiffGen;

public static partial class K
{
    [Differentiable]
    public static double F(double x, double y)
    {
        var s = new S(x) { B = y * 2 };
        var t = default(S);
        t.A = s.A * s.B;
        t = s with { A = t.A + s.B };
        var u = new Box { Scale = 3 };
        u.Value = x;
        u.Value *= t.A;
        return t.A * t.B + u.Value * u.Scale + s.C;
    }
}

public record struct S(double A) { public double B { get; set; } public double C = 1.5; }

public class Box { public double Value; public double Scale { get; init; } = 1; }

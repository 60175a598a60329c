// expect: ok
using AutoDiffGen;

public static partial class K
{
    // The fuzzer's class: a constructor that computes a field from its parameter (B = b * 0.5).
    [Differentiable]
    public static double F(double x, double y)
    {
        var c = new C(x * y, System.Math.Exp(y));
        return c.A + (c.B * x);
    }
}

public sealed class C
{
    public C(double a, double b)
    {
        A = a;
        B = System.Math.Tanh(b * 0.5) + a;
    }

    public double A { get; }

    public double B { get; }
}

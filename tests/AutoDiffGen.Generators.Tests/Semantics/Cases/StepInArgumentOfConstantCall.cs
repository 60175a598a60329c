// expect: ok
using AutoDiffGen;

public static partial class K
{
    // A [Differentiable] helper called on constants, one argument changing a local (found by the fuzzer: ADG0004),
    // then called on a differentiable value with the same kind of argument.
    [Differentiable]
    public static double F(double x, double y)
    {
        var v = 0.7;
        var k = 2;
        v = G(v, System.Math.Cos(v), ++k);
        var w = G(x * y, v, k++);
        return (v * x) + (w * k);
    }

    [Differentiable]
    public static double G(double a, double b, int n) => (a * b) + n;
}
